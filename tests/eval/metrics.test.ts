import { describe, expect, it } from 'vitest';
import type { LocatedEvidence } from '../../eval/evidence.js';
import { abstentionQuality, citationQuality, percentile, rankingQuality, scoreCitations, type CitationScore } from '../../eval/metrics.js';

/** Evidence sentences at the given [start, end) offsets of document `doc`. */
function evidence(...spans: Array<[number, number]>): LocatedEvidence[] {
  return spans.map(([start, end], i) => ({ sentence: `sentence ${i}`, spans: [{ documentId: 'doc', start, end }] }));
}

function cite(start: number, end: number, verified = true) {
  return { documentId: 'doc', start, end, verified };
}

function score(overrides: Partial<CitationScore> = {}): CitationScore {
  return { citations: 1, precise: 1, needed: 1, covered: 1, ...overrides };
}

describe('scoreCitations', () => {
  it('counts citations that quote an evidence sentence as precise', () => {
    expect(scoreCitations([cite(0, 40), cite(100, 140)], evidence([0, 40]))).toEqual({ citations: 2, precise: 1, needed: 1, covered: 1 });
  });

  it('covers each evidence sentence a citation overlaps, once however many cite it', () => {
    const s = scoreCitations([cite(0, 40), cite(10, 30)], evidence([0, 40], [50, 90]));
    expect(s).toEqual({ citations: 2, precise: 2, needed: 2, covered: 1 });
  });

  it('counts an unverified quote as neither precise nor covering', () => {
    expect(scoreCitations([cite(0, 40, false)], evidence([0, 40]))).toEqual({ citations: 1, precise: 0, needed: 1, covered: 0 });
  });

  it('scores an answer without citations as citing nothing', () => {
    expect(scoreCitations([], evidence([0, 40]))).toEqual({ citations: 0, precise: 0, needed: 1, covered: 0 });
  });
});

describe('citationQuality', () => {
  it('averages precision per answer, as ALCE does, not per citation', () => {
    const q = citationQuality([score({ citations: 1, precise: 1 }), score({ citations: 3, precise: 0 })]);
    expect(q.precision).toBe(0.5);
    expect([q.preciseCitations, q.citations]).toEqual([1, 4]);
  });

  it('gives an answer without citations precision 0', () => {
    expect(citationQuality([score({ citations: 0, precise: 0, covered: 0 })]).precision).toBe(0);
  });

  it('credits recall only when every needed evidence sentence is cited', () => {
    const q = citationQuality([score({ needed: 2, covered: 1 }), score({ needed: 2, covered: 2 })]);
    expect(q.recall).toBe(0.5);
    expect(q.recallShare).toBe(0.75);
  });

  it('reports zeros for no answers', () => {
    expect(citationQuality([])).toEqual({ answers: 0, precision: 0, recall: 0, recallShare: 0, preciseCitations: 0, citations: 0 });
  });
});

describe('abstentionQuality', () => {
  const outcome = (answerable: boolean, abstained: boolean) => ({ answerable, abstained });

  it('measures precision over abstentions and recall over unanswerable questions', () => {
    const q = abstentionQuality([outcome(false, true), outcome(false, false), outcome(true, true), outcome(true, false)]);
    expect(q).toEqual({ abstentions: 2, correct: 1, unanswerable: 2, precision: 0.5, recall: 0.5 });
  });

  it('has precision 1 and recall 0 when it never abstains', () => {
    expect(abstentionQuality([outcome(false, false), outcome(true, false)])).toMatchObject({ precision: 1, recall: 0 });
  });
});

describe('rankingQuality', () => {
  it('scores ranks by recall at 1 and 5 and reciprocal rank, missing evidence as 0', () => {
    expect(rankingQuality([1, 2, 5, null])).toEqual({ recallAt1: 0.25, recallAt5: 0.75, mrr: (1 + 0.5 + 0.2) / 4 });
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
  });

  it('is 0 for no values', () => {
    expect(percentile([], 95)).toBe(0);
  });
});
