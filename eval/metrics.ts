import type { Citation } from '../server/citations.js';
import { spansOverlap, type LocatedEvidence } from './evidence.js';

/** `n / d`, and 0 when there is nothing to divide by. */
export function share(n: number, d: number): number {
  return d === 0 ? 0 : n / d;
}

/** Nearest-rank percentile (`p` in 0–100); 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** How one answer's citations line up with the evidence its question needs. */
export interface CitationScore {
  citations: number;
  /** Citations whose quote overlaps one of the question's evidence sentences. */
  precise: number;
  /** Evidence sentences the question needs. */
  needed: number;
  /** Evidence sentences overlapped by at least one citation. */
  covered: number;
}

/**
 * Judges citations by evidence overlap, the stand-in here for ALCE's NLI judge: a citation is
 * precise when its quote overlaps an evidence sentence (at least half of the shorter span), and
 * an evidence sentence is covered when some citation overlaps it. Unverified quotes (a language
 * model's quote not found in its passage) have no place in the text, so they count as neither.
 */
export function scoreCitations(
  citations: ReadonlyArray<Pick<Citation, 'documentId' | 'start' | 'end' | 'verified'>>,
  evidence: readonly LocatedEvidence[],
): CitationScore {
  const placed = citations.filter((c) => c.verified);
  const hits = (c: (typeof placed)[number], e: LocatedEvidence) => e.spans.some((s) => spansOverlap(c, s));
  return {
    citations: citations.length,
    precise: placed.filter((c) => evidence.some((e) => hits(c, e))).length,
    needed: evidence.length,
    covered: evidence.filter((e) => placed.some((c) => hits(c, e))).length,
  };
}

/** Citation quality over a group of answers, as ALCE reports it: averaged per answer. */
export interface CitationQuality {
  /** Answers judged: answerable questions that were answered rather than abstained on. */
  answers: number;
  /** Mean over answers of precise / citations (an answer without citations scores 0). */
  precision: number;
  /** Share of answers whose citations cover every evidence sentence the question needs. */
  recall: number;
  /** Mean over answers of the share of needed evidence sentences covered. */
  recallShare: number;
  /** Precise citations, summed over the answers. */
  preciseCitations: number;
  /** Citations, summed over the answers. */
  citations: number;
}

export function citationQuality(scores: readonly CitationScore[]): CitationQuality {
  const mean = (f: (s: CitationScore) => number) => share(scores.reduce((a, s) => a + f(s), 0), scores.length);
  return {
    answers: scores.length,
    precision: mean((s) => share(s.precise, s.citations)),
    recall: mean((s) => (s.needed > 0 && s.covered === s.needed ? 1 : 0)),
    recallShare: mean((s) => share(s.covered, s.needed)),
    preciseCitations: scores.reduce((a, s) => a + s.precise, 0),
    citations: scores.reduce((a, s) => a + s.citations, 0),
  };
}

/** How well abstaining tracks what the article cannot answer. */
export interface AbstentionQuality {
  abstentions: number;
  /** Abstentions on questions the article cannot answer. */
  correct: number;
  unanswerable: number;
  /** correct / abstentions; 1 when the assistant never abstained (no abstention was wrong). */
  precision: number;
  /** correct / unanswerable questions. */
  recall: number;
}

export function abstentionQuality(outcomes: ReadonlyArray<{ answerable: boolean; abstained: boolean }>): AbstentionQuality {
  const abstentions = outcomes.filter((o) => o.abstained).length;
  const correct = outcomes.filter((o) => o.abstained && !o.answerable).length;
  const unanswerable = outcomes.filter((o) => !o.answerable).length;
  return { abstentions, correct, unanswerable, precision: abstentions === 0 ? 1 : correct / abstentions, recall: share(correct, unanswerable) };
}

/** Ranking quality from the rank at which each question's evidence was all seen (null: not in the top k). */
export interface RankingQuality {
  recallAt1: number;
  recallAt5: number;
  mrr: number;
}

export function rankingQuality(ranks: ReadonlyArray<number | null>): RankingQuality {
  const found = (k: number) => ranks.filter((r) => r !== null && r <= k).length;
  return {
    recallAt1: share(found(1), ranks.length),
    recallAt5: share(found(5), ranks.length),
    mrr: share(ranks.reduce<number>((a, r) => a + (r ? 1 / r : 0), 0), ranks.length),
  };
}
