import type { Assistant } from '../server/assistant.js';
import { locateEvidence } from './evidence.js';
import { evaluate, summariseByType, type EvalSummary, type QuestionResult, type TypeSummary } from './evaluate.js';
import { compareModes, type ModeParts, type ModeResult } from './modes.js';
import type { EvalQuestion } from './question-set.js';

/** Everything `npm run eval` measures; `--json` prints it as is. */
export interface EvalReport {
  embedder: string;
  /** The language model that wrote the answers, or null for extractive answers. */
  model: string | null;
  summary: EvalSummary;
  byType: TypeSummary[];
  /** Hybrid, dense-only and BM25-only retrieval, each answered extractively. */
  modes: ModeResult[];
  results: QuestionResult[];
}

/**
 * The whole evaluation: every question through the assistant, then the retrieval modes compared.
 * The assistant's run comes first so its latencies are not measured behind the comparison's.
 */
export async function runEvaluation(
  questions: readonly EvalQuestion[],
  parts: ModeParts & { assistant: Assistant },
  topK = 5,
): Promise<EvalReport> {
  const evidence = locateEvidence(questions, parts.index.documents.values());
  const { results, summary } = await evaluate(questions, parts.assistant, parts.index, { topK, evidence });
  const modes = await compareModes(questions, parts, evidence, topK);
  return {
    embedder: parts.index.manifest.embedder.id,
    model: parts.assistant.model,
    summary,
    byType: summariseByType(results),
    modes,
    results,
  };
}
