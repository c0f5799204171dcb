import type { QuestionResult } from './evaluate.js';
import {
  abstentionQuality,
  citationQuality,
  percentile,
  rankingQuality,
  share,
  type AbstentionQuality,
  type CitationQuality,
  type CitationScore,
} from './metrics.js';
import type { EvalQuestion } from './question-set.js';

export interface EvalSummary {
  answerable: number;
  unanswerable: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  answerHitRate: number;
  verbatimRate: number;
  citations: number;
  abstainedUnanswerable: number;
  abstainedAnswerable: number;
  /** Citation precision and recall over answerable questions that were answered. */
  citation: CitationQuality;
  abstention: AbstentionQuality;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/** The figures of one question type. */
export interface TypeSummary {
  type: EvalQuestion['type'];
  questions: number;
  /** Null for unanswerable questions, which have no evidence to find or fact to state. */
  recallAt5: number | null;
  answerHitRate: number | null;
  abstainedShare: number;
  /** Null for unanswerable questions. */
  citation: CitationQuality | null;
}

export const QUESTION_TYPES = ['factual', 'paraphrase', 'multi', 'unanswerable'] as const satisfies ReadonlyArray<EvalQuestion['type']>;

function citationScore(r: QuestionResult): CitationScore {
  return { citations: r.citations, precise: r.preciseCitations, needed: r.evidenceNeeded, covered: r.evidenceCovered };
}

/** Citation quality of the answered, answerable results among `results`. */
function citationsOf(results: readonly QuestionResult[]): CitationQuality {
  return citationQuality(results.filter((r) => r.answerable && !r.abstained).map(citationScore));
}

export function summarise(results: readonly QuestionResult[]): EvalSummary {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const citations = results.reduce((a, r) => a + r.citations, 0);
  const latencies = results.map((r) => r.totalMs);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    ...rankingQuality(answerable.map((r) => r.evidenceRank)),
    answerHitRate: share(answerable.filter((r) => r.answerHit).length, answerable.length),
    verbatimRate: citations === 0 ? 1 : share(results.reduce((a, r) => a + r.verbatimCitations, 0), citations),
    citations,
    abstainedUnanswerable: unanswerable.filter((r) => r.abstained).length,
    abstainedAnswerable: answerable.filter((r) => r.abstained).length,
    citation: citationsOf(results),
    abstention: abstentionQuality(results),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}

/** One summary per question type present, in the set's usual order. */
export function summariseByType(results: readonly QuestionResult[]): TypeSummary[] {
  return QUESTION_TYPES.flatMap((type) => {
    const group = results.filter((r) => r.type === type);
    if (group.length === 0) return [];
    const answerable = type !== 'unanswerable';
    return [
      {
        type,
        questions: group.length,
        recallAt5: answerable ? rankingQuality(group.map((r) => r.evidenceRank)).recallAt5 : null,
        answerHitRate: answerable ? share(group.filter((r) => r.answerHit).length, group.length) : null,
        abstainedShare: share(group.filter((r) => r.abstained).length, group.length),
        citation: answerable ? citationsOf(group) : null,
      },
    ];
  });
}
