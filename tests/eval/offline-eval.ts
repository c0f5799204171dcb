import path from 'node:path';
import { loadQuestions } from '../../eval/question-set.js';
import { runEvaluation, type EvalReport } from '../../eval/run.js';
import { DEFAULT_CHUNK_OPTIONS } from '../../ingest/chunk.js';
import { ingest } from '../../ingest/ingest.js';
import { silentProgress } from '../../ingest/progress.js';
import { loadAssistant } from '../../server/load-assistant.js';

/**
 * `npm run eval` as the tests see it: the article ingested into `dir` with the built-in offline
 * embedder (no model download, same vectors on every machine), then the whole evaluation.
 */
export async function evaluateOffline(dir: string): Promise<EvalReport> {
  const embeddings = {
    mode: 'local' as const,
    model: 'unused',
    modelDir: path.join(dir, 'models'),
    allowRemote: false,
    quantized: true,
    localDimensions: 1024,
  };
  const quiet = { info() {}, warn() {}, error() {} };
  const vectorsDir = path.join(dir, 'vectors');
  await ingest({ inputs: ['data/article.txt'], vectorsDir, chunk: DEFAULT_CHUNK_OPTIONS, embeddings, force: false, log: quiet, progress: silentProgress });
  return runEvaluation(await loadQuestions(), await loadAssistant({ vectorsDir, embeddings }));
}
