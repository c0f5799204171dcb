import { loadQuestions } from '../../eval/question-set.js';
import { runEvaluation, type EvalReport } from '../../eval/run.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { ingestArticle } from '../fixtures/article-index.js';

/**
 * `npm run eval` as the tests see it: the article ingested into `dir` with the built-in offline
 * embedder (no model download, same vectors on every machine), then the whole evaluation.
 */
export async function evaluateOffline(dir: string): Promise<EvalReport> {
  const { vectorsDir, embeddings } = await ingestArticle(dir);
  return runEvaluation(await loadQuestions(), await loadAssistant({ vectorsDir, embeddings }));
}
