import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../ingest/bm25.js';

/** Builds an index over passages given as `id → text`, in insertion order. */
function indexOf(passages: Record<string, string>): Bm25Index {
  return Bm25Index.build(Object.entries(passages).map(([id, text]) => ({ id, text })));
}

const CORPUS = {
  oil: 'Russia exports oil to Vietnam',
  gas: 'Russia exports gas to Thailand',
  treaty: 'Russia signs a treaty with Laos',
  ports: 'Singapore builds new ports',
};

describe('Bm25Index', () => {
  it('ranks the passage with the exact query term first', () => {
    const hits = indexOf(CORPUS).search('gas', 4);

    expect(hits.map((h) => h.id)).toEqual(['gas']);
  });

  it('weighs a rare term above a common one', () => {
    // "russia" is in three passages, "singapore" in one: the passage with the rare term wins.
    const hits = indexOf(CORPUS).search('russia singapore', 4);

    expect(hits[0]!.id).toBe('ports');
    expect(hits.map((h) => h.id).sort()).toEqual(['gas', 'oil', 'ports', 'treaty']);
  });

  it('ranks a passage matching more query terms above one matching fewer', () => {
    const hits = indexOf(CORPUS).search('Russia exports oil', 4);

    expect(hits.map((h) => h.id)).toEqual(['oil', 'gas', 'treaty']);
  });

  it('matches inflected forms of a word', () => {
    expect(indexOf(CORPUS).search('treaties signed', 4)[0]!.id).toBe('treaty');
  });

  it('leaves out passages without any query term, and returns nothing for stop words alone', () => {
    const index = indexOf(CORPUS);

    expect(index.search('Vietnam', 4).map((h) => h.id)).toEqual(['oil']);
    expect(index.search('what is the', 4)).toEqual([]);
  });

  it('returns at most k hits, best first', () => {
    const hits = indexOf(CORPUS).search('russia', 2);

    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });

  it('weighs terms of an expanded query by the weights given', () => {
    const index = indexOf(CORPUS);
    const oilFirst = index.search(new Map([['oil', 1], ['gas', 0.2]]), 4);
    const gasFirst = index.search(new Map([['oil', 0.2], ['gas', 1]]), 4);

    expect(oilFirst.map((h) => h.id)).toEqual(['oil', 'gas']);
    expect(gasFirst.map((h) => h.id)).toEqual(['gas', 'oil']);
  });

  it('gives an unused term the highest idf', () => {
    const index = indexOf(CORPUS);

    expect(index.idf('unheard')).toBeGreaterThan(index.idf('singapore'));
    expect(index.idf('singapore')).toBeGreaterThan(index.idf('russia'));
  });

  it('knows its size and vocabulary', () => {
    const index = indexOf(CORPUS);

    expect(index.size).toBe(4);
    expect(index.has('russia')).toBe(true);
    expect(index.has('the')).toBe(false);
    expect(index.vocabulary()).toContain('export');
  });

  it('gives identical results after a round trip through JSON', () => {
    const index = indexOf(CORPUS);
    const restored = Bm25Index.fromState(JSON.parse(JSON.stringify(index.toState())));

    for (const query of ['russia singapore', 'exports oil', 'treaty', 'nothing here']) {
      expect(restored.search(query, 4)).toEqual(index.search(query, 4));
    }
    expect(restored.size).toBe(index.size);
  });

  it('refuses a state in an unknown format', () => {
    expect(() => Bm25Index.fromState({ ...indexOf(CORPUS).toState(), version: 2 as 1 })).toThrow('unsupported bm25.json format');
  });

  it('returns nothing from an empty index', () => {
    expect(Bm25Index.build([]).search('russia', 3)).toEqual([]);
  });
});
