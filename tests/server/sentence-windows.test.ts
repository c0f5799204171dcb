import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FILES } from '../../ingest/index-layout.js';
import { windowStatsOf } from '../../ingest/sentence-windows.js';
import { terms } from '../../ingest/tokenize.js';
import { IndexLoadError, loadIndex } from '../../server/index-store.js';
import { analyzeQuery } from '../../server/query.js';
import { SentenceWindows } from '../../server/sentence-windows.js';
import { ingestArticle } from '../fixtures/article-index.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';
import { paragraphCorpus } from '../fixtures/small-corpus.js';

/** Two passages with the same words: together in one sentence pair, spread apart in the other. */
const { passages, documents } = paragraphCorpus('spread.txt', 'Spread', [
  'Energy offers the greatest prospects for cooperation. The weather was mild. Ports were busy. Roads were long.',
  'Energy was discussed. The weather was mild. Ports were busy. Prospects for cooperation were noted later.',
]);

describe('SentenceWindows', () => {
  const windows = new SentenceWindows(documents, windowStatsOf(passages, documents));
  const query = new Map(terms('energy prospects cooperation').map((t) => [t, 1]));

  it('ranks first the passage whose adjacent sentences hold the question’s words together', () => {
    expect(windows.rank([...passages].reverse(), query).map((s) => s.passage.id)).toEqual(['spread:0', 'spread:1']);
  });

  it('leaves out passages that share no word with the question', () => {
    expect(windows.rank(passages, new Map(terms('tourism').map((t) => [t, 1])))).toEqual([]);
  });
});

describe('window statistics in the index', () => {
  const parts = useArticleAssistant('sentence-windows');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'windows-corrupt-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are saved by ingest for every passage of the article', () => {
    const { windowStats, passages: all } = parts().index;
    expect(windowStats.windows).toBeGreaterThanOrEqual(all.length);
    expect(windowStats.documentFrequency['asean']).toBeGreaterThan(windowStats.documentFrequency['hanoi']!);
  });

  it('rank the sentence pair that answers ahead of passages that only share its words', async () => {
    const { index, retriever } = parts();
    const query = analyzeQuery('In what sector does Moscow have the most promising business outlook with the Southeast Asian states?', index);
    const ranked = await retriever.retrieve(query, { topK: 5 });
    expect(ranked.map((r) => r.passage.text).some((t) => t.includes('area of energy offer the greatest prospects'))).toBe(true);
  });

  it('name the file and the fix when windows.json is corrupt', async () => {
    const { vectorsDir, embeddings } = await ingestArticle(dir);
    await writeFile(path.join(vectorsDir, 'current', INDEX_FILES.windows), JSON.stringify({ version: 2 }));
    const loading = loadIndex(vectorsDir, embeddings);
    await expect(loading).rejects.toBeInstanceOf(IndexLoadError);
    await expect(loading).rejects.toThrow(`${INDEX_FILES.windows} is corrupt (unsupported windows.json format): run npm run ingest -- --force`);
  });
});
