import type { Logger } from '../ingest/embedder-settings.js';
import { ingest } from '../ingest/ingest.js';
import { createProgress } from '../ingest/progress.js';
import type { Config } from './config.js';

/**
 * Makes sure an index for the configured corpus exists before serving: ingests when there is
 * none or when the corpus or chunker settings changed since it was built, and is silent otherwise.
 */
export async function prepareIndex(config: Config, log: Logger): Promise<void> {
  const result = await ingest({
    inputs: config.corpus,
    vectorsDir: config.vectorsDir,
    chunk: config.chunk,
    // The embedder mismatch is the server's to report; here only content changes trigger a build.
    embeddings: { ...config.embeddings, mode: config.embeddings.mode },
    force: false,
    log,
    progress: (label, total) => createProgress(label, total, process.stderr),
  });
  if (!result.skipped) {
    const m = result.manifest;
    log.info(`indexed ${m.documents.length} document(s), ${m.chunkCount} chunks with ${m.embedder.id} in ${result.seconds.toFixed(2)} s (${result.reason})`);
  }
}
