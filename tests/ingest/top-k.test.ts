import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from '../../ingest/top-k.js';

describe('topK', () => {
  it('returns the k best, best first, ties to the lower number', () => {
    const scores = [0.5, 2, 2, 0.1, 3];
    expect(topK([0, 1, 2, 3, 4], scores, 3)).toEqual([4, 1, 2]);
    expect(topK([4, 3, 2, 1, 0], scores, 10)).toEqual([4, 1, 2, 0, 3]);
    expect(topK([0, 1], scores, 0)).toEqual([]);
  });

  it('agrees with sorting everything and taking the first k', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 0, max: 30 }), (values, k) => {
        const candidates = values.map((_, i) => i);
        const sorted = [...candidates].sort((a, b) => values[b]! - values[a]! || a - b).slice(0, k);
        expect(topK(candidates, values, k)).toEqual(sorted);
      }),
    );
  });
});
