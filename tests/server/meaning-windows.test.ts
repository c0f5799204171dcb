import { describe, expect, it } from 'vitest';
import { windowStatsOf } from '../../ingest/sentence-windows.js';
import { terms } from '../../ingest/tokenize.js';
import { MeaningWindows } from '../../server/meaning-windows.js';
import { analyzeQuery } from '../../server/query.js';
import { createRetriever, DEFAULT_FUSION } from '../../server/retrieve.js';
import { SentenceWindows } from '../../server/sentence-windows.js';
import { WordNeighbours } from '../../server/word-neighbours.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';
import { handMadeVectors, paragraphCorpus } from '../fixtures/small-corpus.js';

/** Three passages: one names the capitals, one the countries, one neither. */
const { doc, passages, documents } = paragraphCorpus('capitals.txt', 'Capitals', [
  'Moscow and Hanoi signed an accord. The weather was mild.',
  'Russia and Vietnam combined forces. The weather was mild.',
  'Fishing boats sailed. The weather was mild.',
]);

/** Hand-made 3-d vectors: each capital near its country, both far from fishing. */
function tinyVectors() {
  return handMadeVectors([
    ['fish', [0, 0, 1]],
    ['hanoi', [0, 1, 0.2]],
    ['moscow', [1, 0.2, 0]],
    ['russia', [1, 0.3, 0]],
    ['vietnam', [0, 1, 0.3]],
  ]);
}

describe('MeaningWindows', () => {
  const windows = new SentenceWindows(documents, windowStatsOf(passages, documents));
  const neighbours = new WordNeighbours(tinyVectors(), terms(doc.text));
  const asked = (text: string) => new Map(terms(text).map((t) => [t, 1]));

  it('ranks a window with the question’s own words first, then one with words near them in meaning', () => {
    const ranked = new MeaningWindows(windows, neighbours).rank([...passages].reverse(), asked('Moscow Hanoi'));
    expect(ranked.map((s) => s.passage.id)).toEqual(['capitals:0', 'capitals:1']);
    // Both words have the same IDF; the countries count at their similarity to the capitals.
    const similarity = (a: string, b: string) => neighbours.within(a, 0).get(b)!;
    expect(ranked[1]!.score / ranked[0]!.score).toBeCloseTo((similarity('moscow', 'russia') + similarity('hanoi', 'vietnam')) / 2, 5);
  });

  it('matches nothing by meaning below the similarity floor', () => {
    expect(new MeaningWindows(windows, neighbours, 0.9999).rank(passages, asked('Moscow Hanoi')).map((s) => s.passage.id)).toEqual(['capitals:0']);
  });

  it('matches a word without a vector only by itself', () => {
    expect(new MeaningWindows(windows, neighbours).rank(passages, asked('accord')).map((s) => s.passage.id)).toEqual(['capitals:0']);
    expect(new MeaningWindows(windows, neighbours).rank(passages, asked('Kremlin'))).toEqual([]);
  });
});

describe('WordNeighbours.within', () => {
  const neighbours = new WordNeighbours(tinyVectors(), ['russia', 'vietnam', 'accord']);

  it('gives the corpus terms at or above the floor with their cosine similarity', () => {
    const near = neighbours.within('moscow', 0.5);
    expect([...near.keys()]).toEqual(['russia']);
    expect(near.get('russia')).toBeCloseTo((1 + 0.06) / (Math.hypot(1, 0.2) * Math.hypot(1, 0.3)), 1);
    expect([...neighbours.within('moscow', 0).keys()].sort()).toEqual(['russia', 'vietnam']);
  });

  it('is empty for a word the vectors lack', () => {
    expect(neighbours.within('kremlin', 0).size).toBe(0);
  });
});

describe('the meaning list in retrieval (the article, the installed vectors)', () => {
  const parts = useArticleAssistant('meaning-windows');

  it('brings a paraphrase’s evidence into the top 5 that words alone leave lower', async () => {
    // A held-out paraphrase: "farming and woodland" for the article's agriculture and forestry.
    const question = 'Beyond the economy, which fields such as farming and woodland management did the 2005 blueprint commit to broadening joint work in?';
    const evidence = 'The document also reaffirmed the agreement on expanding cooperation in the spheres of culture';
    const query = analyzeQuery(question, parts().index);
    const rankWith = async (meaning: number) => {
      const ranked = await createRetriever(parts().index, { ...DEFAULT_FUSION, meaning }).retrieve(query, { topK: parts().index.passages.length });
      return ranked.find((r) => r.passage.text.includes(evidence))!.rank;
    };
    expect(await rankWith(DEFAULT_FUSION.meaning)).toBeLessThanOrEqual(5);
    expect(await rankWith(0)).toBeGreaterThan(5);
  });
});
