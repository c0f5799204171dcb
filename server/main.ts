import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../ingest/embedder-settings.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { loadAssistant } from './load-assistant.js';
import { createLogger } from './logger.js';
import { prepareIndex, prepareIndexApart, PrepareIndexFailed, PREPARE_INDEX_ONLY } from './prepare-index.js';
import { buildWebAssets } from './web-assets.js';
import { withAudit } from './audit/recorder.js';
import { SqliteAuditStore } from './audit/sqlite-store.js';

/**
 * `npm start`: validate the environment, make sure an index exists (ingesting if needed), load
 * it, and listen. Every expected start-up failure is one line on stderr and exit code 1: the
 * person reading it needs the fix ("run npm run ingest", "set PORT=…"), not a stack trace.
 */

const log: Logger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

/** How long shutdown waits for in-flight requests before giving up on them. */
const SHUTDOWN_GRACE_MS = 5000;

function fail(message: string): never {
  log.error(message);
  process.exit(1);
}

/** Exit 1 without a line of our own: a child process has already printed the reason. */
function failQuietly(): never {
  process.exit(1);
}

/**
 * ConfigError, IndexLoadError and EmbedderMismatchError (and ingest's input errors) are written to
 * be read by whoever runs `npm start`: their message already names the variable or file and the fix.
 */
function startupMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE') {
    return `port ${port} on ${host} is already in use: stop the other server or pick another port, e.g. PORT=${port < 65535 ? port + 1 : 3000} npm start`;
  }
  if (error.code === 'EACCES') {
    return `not allowed to listen on port ${port}: pick a port above 1023, e.g. PORT=3000 npm start`;
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return `cannot listen on host ${host} (${error.code}): set HOST to an address of this machine, e.g. HOST=127.0.0.1`;
  }
  return `cannot listen on ${host}:${port}: ${error.message}`;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Stops accepting connections, lets in-flight requests finish, writes the audit records still
 * pending and closes the database, then exits 0 (or 1 if requests hang).
 */
function closeOnSignals(server: Server, log: Logger, audit?: { flush(): Promise<void>; close(): void }): void {
  const shutdown = (signal: NodeJS.Signals): void => {
    log.info(`${signal} received, closing the server`);
    // A keep-alive connection busy now goes idle once its answer is sent; keep sweeping idle ones
    // so `close` completes as soon as the last in-flight request has finished.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      void (audit?.flush() ?? Promise.resolve()).finally(() => {
        audit?.close();
        process.exit(0);
      });
    });
    setTimeout(() => {
      log.error(`requests still open after ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * Opens the audit trail. A database that cannot be opened (read-only disk, locked file) costs the
 * audit trail, not the service: answers are still served and the failure is reported once.
 */
function openAudit(file: string | null, log: Logger): SqliteAuditStore | undefined {
  if (!file) return undefined;
  try {
    return new SqliteAuditStore(file);
  } catch (error) {
    log.error(`audit trail disabled: cannot open ${file}: ${startupMessage(error)} (answers are served without being recorded)`);
    return undefined;
  }
}

/** Runs one start-up step; an error becomes its one-line message and exit 1. */
async function step<T>(run: () => T | Promise<T>, message: (error: unknown) => string = startupMessage): Promise<T> {
  try {
    return await run();
  } catch (error) {
    fail(message(error));
  }
}

export async function main(): Promise<void> {
  const config = await step(() => loadConfig());
  if (process.argv.includes(PREPARE_INDEX_ONLY)) {
    await step(() => prepareIndex(config, log));
    return;
  }
  try {
    await prepareIndexApart(config);
  } catch (error) {
    if (error instanceof PrepareIndexFailed) failQuietly();
    fail(startupMessage(error));
  }
  // From here on the server logs structured lines (pino); start-up failures stay plain sentences.
  const logger = createLogger(config.logLevel);
  const loaded = await step(() =>
    loadAssistant(config, { onFallback: (reason) => logger.warn(`answering extractively: ${reason}`), log: logger }),
  );
  const { index } = loaded;
  const auditStore = openAudit(config.auditDb, logger);
  const audited = auditStore ? withAudit(loaded.assistant, auditStore, index, logger) : undefined;
  const assistant = audited ?? loaded.assistant;

  const web = await step(() => buildWebAssets(), (error) => `cannot build the chat UI from web/: ${startupMessage(error)}`);
  const server = createServer(
    createApp({ assistant, index, web, logger, config: { modelId: config.modelId, bodyLimit: config.http.bodyLimit, access: config.http }, ...(auditStore ? { auditStore } : {}) }),
  );
  const address = await step(
    () => listen(server, config.host, config.port),
    (error) => listenFailure(error as NodeJS.ErrnoException, config.host, config.port),
  );
  closeOnSignals(server, logger, audited && auditStore ? { flush: () => audited.flush(), close: () => auditStore.close() } : undefined);

  const m = index.manifest;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`article assistant listening on http://${shownHost}:${address.port} (${m.chunkCount} chunks, embedder ${m.embedder.id}, ${assistant.model ? `answers by ${assistant.model} at ${config.llm?.baseUrl}` : 'extractive answers'})\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
