import type { ExtractiveAnswerer } from '../server/answer.js';
import { createAssistant } from '../server/assistant.js';
import type { LoadedIndex } from '../server/index-store.js';
import type { RetrievalMode, Retriever } from '../server/retrieve.js';
import type { LocatedEvidence } from './evidence.js';
import { evaluate } from './evaluate.js';
import type { RankingQuality } from './metrics.js';
import type { EvalQuestion } from './question-set.js';

export const RETRIEVAL_MODES = ['hybrid', 'dense', 'lexical'] as const satisfies readonly RetrievalMode[];

/** One retrieval mode over the answerable questions, answered extractively from its passages. */
export interface ModeResult extends RankingQuality {
  mode: RetrievalMode;
  answerHitRate: number;
  /** Per question: the rank by which its evidence was seen (null: not in the top k), and whether the answer had the fact. */
  questions: Array<{ id: string; evidenceRank: number | null; answerHit: boolean }>;
}

export interface ModeParts {
  index: LoadedIndex;
  retriever: Retriever;
  answerer: ExtractiveAnswerer;
}

/** The retriever with its mode pinned, whatever the caller asks for. */
export function pinnedMode(retriever: Retriever, mode: RetrievalMode): Retriever {
  return { retrieve: (query, options) => retriever.retrieve(query, { ...options, mode }) };
}

/**
 * Runs the questions once per retrieval mode through an extractive assistant (no language model,
 * so it stays fast and offline), to show what fusion adds over dense-only and BM25-only search.
 */
export async function compareModes(
  questions: readonly EvalQuestion[],
  { index, retriever, answerer }: ModeParts,
  evidence: ReadonlyMap<string, readonly LocatedEvidence[]>,
  topK = 5,
): Promise<ModeResult[]> {
  const answerable = questions.filter((q) => q.type !== 'unanswerable');
  const compared: ModeResult[] = [];
  for (const mode of RETRIEVAL_MODES) {
    const assistant = createAssistant({ index, retriever: pinnedMode(retriever, mode), answerer });
    const { results, summary } = await evaluate(answerable, assistant, index, { topK, evidence });
    compared.push({
      mode,
      recallAt1: summary.recallAt1,
      recallAt5: summary.recallAt5,
      mrr: summary.mrr,
      answerHitRate: summary.answerHitRate,
      questions: results.map((r) => ({ id: r.id, evidenceRank: r.evidenceRank, answerHit: r.answerHit })),
    });
  }
  return compared;
}
