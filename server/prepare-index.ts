import { spawn } from 'node:child_process';
import type { Logger } from '../ingest/embedder-settings.js';
import { ingest, ingestNeeded } from '../ingest/ingest.js';
import { createProgress } from '../ingest/progress.js';
import { loadStemVectors, stemTableNeeded } from '../ingest/word-vectors.js';
import type { Config } from './config.js';

/** The argument that makes the server's own entry point build the index and exit. */
export const PREPARE_INDEX_ONLY = '--prepare-index-only';

function optionsFor(config: Config) {
  return {
    inputs: config.corpus,
    vectorsDir: config.vectorsDir,
    chunk: config.chunk,
    embeddings: config.embeddings,
    force: false,
    // An index built with another embedder is the server's to report (loadIndex names both and
    // the fix); rebuilding silently could mean a model download nobody asked for.
    compareEmbedder: false,
  };
}

/**
 * Makes sure an index for the configured corpus exists before serving: ingests when there is
 * none or when the corpus or chunker settings changed since it was built, and is silent otherwise.
 * The word-vector table (WORD_VECTORS) is built and cached too when it is not yet.
 */
export async function prepareIndex(config: Config, log: Logger): Promise<void> {
  const result = await ingest({ ...optionsFor(config), log, progress: (label, total) => createProgress(label, total, process.stderr) });
  if (!result.skipped) {
    const m = result.manifest;
    log.info(`indexed ${m.documents.length} document(s), ${m.chunkCount} chunks with ${m.embedder.id} in ${result.seconds.toFixed(2)} s (${result.reason})`);
  }
  if (config.wordVectors) await loadStemVectors(log);
}

/** The child running `prepareIndex` failed; it has already said why on the shared stderr. */
export class PrepareIndexFailed extends Error {
  constructor(readonly exitCode: number | null) {
    super(`building the index failed (exit code ${exitCode})`);
    this.name = 'PrepareIndexFailed';
  }
}

/**
 * `prepareIndex` for a server: when a build is needed it runs in a child process (this same entry
 * point with PREPARE_INDEX_ONLY, same Node flags, output shared), so what ingest leaves in memory
 * (its buffers, a model runtime it tried to load, gigabytes for a large corpus; the 60 MB of
 * vectors the word-vector table is built from) never stays in the process that then serves. With
 * a current index and a cached table nothing is started.
 */
export async function prepareIndexApart(config: Config): Promise<void> {
  const indexNeeded = (await ingestNeeded(optionsFor(config))) !== undefined;
  if (!indexNeeded && !(config.wordVectors && (await stemTableNeeded()))) return;
  const entry = process.argv[1];
  if (entry === undefined) throw new Error('cannot tell which script to run to build the index');
  const child = spawn(process.execPath, [...process.execArgv, entry, PREPARE_INDEX_ONLY], { stdio: 'inherit', env: process.env });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new PrepareIndexFailed(code);
}
