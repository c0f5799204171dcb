import type { EvalQuestion } from '../eval/question-set.js';
import type { Config } from '../server/config.js';
import { loadAssistant } from '../server/load-assistant.js';
import { analyzeQuery } from '../server/query.js';
import { timeEach, type Percentiles } from './stats.js';

/**
 * In-process cost of one question on the article index, after warm-up: retrieval alone
 * (analyzeQuery + retrieve, as `assistant.ask` does it) and the whole extractive answer.
 */
export interface ArticleQueryResult {
  chunks: number;
  retrieveMs: Percentiles;
  askMs: Percentiles;
}

const WARM_UP = 100;
const MEASURED = 1000;

export async function benchArticleQuery(config: Config, questions: readonly EvalQuestion[]): Promise<ArticleQueryResult> {
  // No LLM: the bench measures the offline pipeline, whatever the caller's environment says.
  // No answer reuse either: the questions repeat, and every one should be answered afresh.
  const { assistant, retriever, index } = await loadAssistant({ vectorsDir: config.vectorsDir, embeddings: config.embeddings, answerCacheSize: 0 });
  const retrieveMs = await timeEach(questions, WARM_UP, MEASURED, (q) =>
    retriever.retrieve(analyzeQuery(q.question, index), { topK: 5 }),
  );
  const askMs = await timeEach(questions, WARM_UP, MEASURED, (q) => assistant.ask({ origin: 'bench', question: q.question, history: q.history ?? [] }));
  return { chunks: index.manifest.chunkCount, retrieveMs, askMs };
}
