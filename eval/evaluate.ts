import { fold } from '../ingest/tokenize.js';
import type { Assistant } from '../server/assistant.js';
import { citationProblem } from '../server/citations.js';
import type { LoadedIndex } from '../server/index-store.js';
import type { EvalQuestion } from './question-set.js';

export interface QuestionResult {
  id: string;
  type: EvalQuestion['type'];
  answerable: boolean;
  /**
   * Rank by which all evidence has been seen: for each evidence sentence the first passage holding
   * it, and the worst of those (multi-sentence answers may draw on several passages). Null when
   * some evidence is in none of the top-k passages.
   */
  evidenceRank: number | null;
  answerHit: boolean;
  abstained: boolean;
  citations: number;
  verbatimCitations: number;
  totalMs: number;
  answer: string;
}

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
  latencyP50Ms: number;
  latencyP95Ms: number;
}

function normalise(text: string): string {
  return fold(text).replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs every question through the real assistant and scores retrieval, answers and citations. */
export async function evaluate(
  questions: readonly EvalQuestion[],
  assistant: Assistant,
  index: LoadedIndex,
  topK = 5,
): Promise<{ results: QuestionResult[]; summary: EvalSummary }> {
  const results: QuestionResult[] = [];
  for (const q of questions) {
    const record = await assistant.ask({ question: q.question, history: q.history, topK });
    const ranks = q.evidence.map((e) => record.passages.find((p) => p.text.includes(e))?.rank ?? null);
    const rank = ranks.length === 0 || ranks.includes(null) ? null : Math.max(...(ranks as number[]));
    const answer = normalise(record.answer);
    results.push({
      id: q.id,
      type: q.type,
      answerable: q.type !== 'unanswerable',
      evidenceRank: rank,
      answerHit: !record.abstained && q.facts.some((f) => answer.includes(normalise(f))),
      abstained: record.abstained,
      citations: record.citations.length,
      verbatimCitations: record.citations.filter((c) => !citationProblem(c, record.answer, index.documents)).length,
      totalMs: record.timings.totalMs,
      answer: record.answer,
    });
  }
  return { results, summary: summarise(results) };
}

export function summarise(results: readonly QuestionResult[]): EvalSummary {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const citations = results.reduce((a, r) => a + r.citations, 0);
  const latencies = results.map((r) => r.totalMs);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    recallAt1: share(answerable.filter((r) => r.evidenceRank === 1).length, answerable.length),
    recallAt5: share(answerable.filter((r) => r.evidenceRank !== null && r.evidenceRank <= 5).length, answerable.length),
    mrr: share(answerable.reduce((a, r) => a + (r.evidenceRank ? 1 / r.evidenceRank : 0), 0), answerable.length),
    answerHitRate: share(answerable.filter((r) => r.answerHit).length, answerable.length),
    verbatimRate: citations === 0 ? 1 : share(results.reduce((a, r) => a + r.verbatimCitations, 0), citations),
    citations,
    abstainedUnanswerable: unanswerable.filter((r) => r.abstained).length,
    abstainedAnswerable: answerable.filter((r) => r.abstained).length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}
