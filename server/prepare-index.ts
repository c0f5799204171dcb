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
    embeddings: config.embeddings,
    force: false,
    // An index built with another embedder is the server's to report (loadIndex names both and
    // the fix); rebuilding silently could mean a model download nobody asked for.
    compareEmbedder: false,
    log,
    progress: (label, total) => createProgress(label, total, process.stderr),
  });
  if (!result.skipped) {
    const m = result.manifest;
    log.info(`indexed ${m.documents.length} document(s), ${m.chunkCount} chunks with ${m.embedder.id} in ${result.seconds.toFixed(2)} s (${result.reason})`);
  }
}
