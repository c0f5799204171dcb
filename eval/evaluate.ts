import { fold } from '../ingest/tokenize.js';
import type { Assistant } from '../server/assistant.js';
import { citationProblem } from '../server/citations.js';
import type { LoadedIndex } from '../server/index-store.js';
import { locateEvidence, type LocatedEvidence } from './evidence.js';
import { scoreCitations } from './metrics.js';
import type { EvalQuestion } from './question-set.js';
import { summarise, type EvalSummary } from './summary.js';

export { summarise, summariseByType, type EvalSummary, type TypeSummary } from './summary.js';

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
  /** Citations whose quote overlaps an evidence sentence of the question. */
  preciseCitations: number;
  /** Evidence sentences the question needs (0 for unanswerable ones). */
  evidenceNeeded: number;
  /** Evidence sentences overlapped by at least one citation. */
  evidenceCovered: number;
  totalMs: number;
  answer: string;
}

export interface EvaluateOptions {
  topK?: number;
  /** Evidence already located (`locateEvidence`); located in the index's documents otherwise. */
  evidence?: ReadonlyMap<string, readonly LocatedEvidence[]>;
}

function normalise(text: string): string {
  return fold(text).replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}

/** Runs every question through the assistant and scores retrieval, answers and citations. */
export async function evaluate(
  questions: readonly EvalQuestion[],
  assistant: Assistant,
  index: LoadedIndex,
  { topK = 5, evidence = locateEvidence(questions, index.documents.values()) }: EvaluateOptions = {},
): Promise<{ results: QuestionResult[]; summary: EvalSummary }> {
  const results: QuestionResult[] = [];
  for (const q of questions) {
    const record = await assistant.ask({ origin: 'eval', question: q.question, history: q.history, topK });
    const ranks = q.evidence.map((e) => record.passages.find((p) => p.text.includes(e))?.rank ?? null);
    const rank = ranks.length === 0 || ranks.includes(null) ? null : Math.max(...(ranks as number[]));
    const answer = normalise(record.answer);
    const cited = scoreCitations(record.citations, evidence.get(q.id) ?? []);
    results.push({
      id: q.id,
      type: q.type,
      answerable: q.type !== 'unanswerable',
      evidenceRank: rank,
      answerHit: !record.abstained && q.facts.some((f) => answer.includes(normalise(f))),
      abstained: record.abstained,
      citations: record.citations.length,
      verbatimCitations: record.citations.filter((c) => !citationProblem(c, record.answer, index.documents)).length,
      preciseCitations: cited.precise,
      evidenceNeeded: cited.needed,
      evidenceCovered: cited.covered,
      totalMs: record.timings.totalMs,
      answer: record.answer,
    });
  }
  return { results, summary: summarise(results) };
}
