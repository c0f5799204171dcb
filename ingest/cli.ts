import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../server/config.js';
import type { Logger } from './embedder-settings.js';
import { ingest } from './ingest.js';
import { createProgress } from './progress.js';

/** `npm run ingest [-- <files or folders>] [--force]` */
export async function runIngestCli(argv: readonly string[], env = process.env): Promise<number> {
  const log: Logger = {
    info: (m) => process.stdout.write(`${m}\n`),
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m) => process.stderr.write(`error: ${m}\n`),
  };
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--force');
  if (unknown.length > 0) {
    log.error(`unknown option ${unknown.join(', ')}; usage: npm run ingest [-- <files or folders>] [--force]`);
    return 2;
  }
  try {
    const config = loadConfig(env);
    const paths = argv.filter((a) => !a.startsWith('-'));
    const result = await ingest({
      inputs: paths.length > 0 ? paths : config.corpus,
      vectorsDir: config.vectorsDir,
      chunk: config.chunk,
      embeddings: config.embeddings,
      force: argv.includes('--force'),
      log,
      progress: (label, total) => createProgress(label, total, process.stderr),
    });
    const m = result.manifest;
    if (result.skipped) {
      log.info(`nothing to do: ${result.reason} (${m.documents.length} document${m.documents.length === 1 ? '' : 's'}, ${m.chunkCount} chunks, ${m.embedder.id}); use --force to rebuild`);
    } else {
      log.info(
        `ingested ${m.documents.length} document${m.documents.length === 1 ? '' : 's'}, ${m.chunkCount} chunks, ` +
          `${m.embedder.dimensions} dims, embedder ${m.embedder.id}, in ${result.seconds.toFixed(2)} s (${result.reason})`,
      );
    }
    return 0;
  } catch (error) {
    log.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runIngestCli(process.argv.slice(2));
}
