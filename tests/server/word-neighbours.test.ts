import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAssistant } from '../../server/load-assistant.js';
import { analyzeQuery } from '../../server/query.js';
import { WordNeighbours } from '../../server/word-neighbours.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';
import { ingestArticle } from '../fixtures/article-index.js';
import { handMadeVectors } from '../fixtures/small-corpus.js';

/** Hand-made 3-d vectors: "calamity" is near "catastrophe", a little less near "disaster", far from "summit". */
function tinyVectors() {
  return handMadeVectors([
    ['calamity', [1, 0.1, 0]],
    ['disaster', [1, 0.3, 0]],
    ['catastrophe', [1, 0.15, 0]],
    ['summit', [0, 0, 1]],
  ]);
}

describe('WordNeighbours', () => {
  const corpus = ['disaster', 'catastrophe', 'summit', 'treaty'];

  it('lists the corpus terms nearest to a word, nearest first, above the floor and at most the limit', () => {
    const neighbours = new WordNeighbours(tinyVectors(), corpus, { minSimilarity: 0.6, maxNeighbours: 4 });
    expect(neighbours.size).toBe(3);
    expect(neighbours.of('calamity')).toEqual(['catastrophe', 'disaster']);
    expect(new WordNeighbours(tinyVectors(), corpus, { minSimilarity: 0.6, maxNeighbours: 1 }).of('calamity')).toEqual(['catastrophe']);
    expect(new WordNeighbours(tinyVectors(), corpus, { minSimilarity: 0.995, maxNeighbours: 4 }).of('calamity')).toEqual(['catastrophe']);
  });

  it('gives nothing for a word without a vector, and never the word itself', () => {
    const neighbours = new WordNeighbours(tinyVectors(), corpus, { minSimilarity: 0.6, maxNeighbours: 4 });
    expect(neighbours.of('photosynthesis')).toEqual([]);
    expect(neighbours.of('disaster')).toEqual(['catastrophe']);
  });
});

describe('word neighbours in question analysis (the article, the installed vectors)', () => {
  const parts = useArticleAssistant('word-neighbours');
  const analyze = (question: string) => analyzeQuery(question, parts().index);

  it('relates a word the article never uses to article words near it in meaning', () => {
    expect(parts().index.wordNeighbours).toBeDefined();
    const query = analyze('Which envoys took part in the first summit?');
    expect(parts().index.lexical.has('envoy')).toBe(false);
    expect(query.nearby.get('envoy')).toEqual(expect.arrayContaining(['delegate', 'counterpart']));
    // The examples the README and the code's comments give.
    expect(parts().index.wordNeighbours!.of('clout')).toContain('advantage');
    expect(parts().index.wordNeighbours!.of('bloc')).toContain('group');
  });

  it('credits sentences with them but does not search by them', () => {
    const query = analyze('Which envoys took part in the first summit?');
    expect(query.weighted.has('delegate')).toBe(false);
    expect(query.expandedText).not.toContain('delegate');
  });

  it('leaves words the article uses to the article and WordNet, and never stands in for a name', () => {
    const query = analyze('When did Cambodia join the summit?');
    expect(parts().index.lexical.has('cambodia')).toBe(false);
    expect(parts().index.wordNeighbours!.of('cambodia')).toContain('vietnam');
    expect(query.nearby.has('cambodia')).toBe(false);
    expect(query.nearby.has('summit')).toBe(false);
  });

  it('answers a paraphrase the article has no word for with the sentence that means it', async () => {
    // "envoys" (delegation, representatives): a held-out question the article answered only with word vectors.
    const record = await parts().assistant.ask({ origin: 'api/ask', question: 'Who showed Moscow’s envoys the ropes of the bloc’s complicated procedures?' });
    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('Vietnamese personnel serving in ASEAN’s technical organizations were glad to help Russian representatives');
  });
});

describe('WORD_VECTORS=off', () => {
  it('loads the assistant without word neighbours', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'no-word-vectors-'));
    try {
      const parts = await loadAssistant({ ...(await ingestArticle(dir)), wordVectors: false });
      expect(parts.index.wordNeighbours).toBeUndefined();
      expect(analyzeQuery('Which envoys took part in the first summit?', parts.index).nearby.size).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
