import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from '../../ingest/embedder-settings.js';
import { ingest } from '../../ingest/ingest.js';
import { createApp } from '../../server/app.js';
import { withAudit, type AuditedAssistant } from '../../server/audit/recorder.js';
import { SqliteAuditStore } from '../../server/audit/sqlite-store.js';
import type { LoadedIndex } from '../../server/index-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import type { WebAssets } from '../../server/web-assets.js';
import { ingestArticle } from '../fixtures/article-index.js';

/**
 * The app as `server/main.ts` wires it, for tests that hammer it over real sockets: a real index
 * of data/article.txt (local embedder) and a real SQLite audit trail, both in one temp folder,
 * with API keys and the rate limit off. Everything the app logs as an error is kept in `errors`,
 * so a test can say "nothing went wrong on the server's side" as well as "no 5xx".
 */
export interface AuditedApp {
  app: Express;
  index: LoadedIndex;
  audited: AuditedAssistant;
  store: SqliteAuditStore;
  /** The audit database, for counting rows from outside the store. */
  auditFile: string;
  /** Every `logger.error` line, in order. */
  errors: string[];
  /** Listens on 127.0.0.1 on a free port; resolves to the base URL. */
  listen(): Promise<{ server: Server; origin: string; port: number }>;
  /** Flushes the audit trail, closes the store and removes the temp folder. */
  dispose(): Promise<void>;
}

/** A stand-in for the bundled UI, so `/`, `/audit` and `/assets/*` are served without running esbuild. */
export const FAKE_WEB: WebAssets = {
  html: '<!doctype html><title>chat</title><script type="module" src="/assets/app.js"></script>',
  js: 'export {};',
  css: 'body{margin:0}',
  audit: { html: '<!doctype html><title>audit</title>', js: 'export {};' },
};

export async function createAuditedApp(options: { prefix?: string; web?: WebAssets } = {}): Promise<AuditedApp> {
  const root = await mkdtemp(path.join(tmpdir(), options.prefix ?? 'reliability-'));
  const quiet: Logger = { info() {}, warn() {}, error() {} };
  const { vectorsDir, embeddings } = await ingestArticle(root);
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });

  const errors: string[] = [];
  const logger: Logger = { info() {}, warn() {}, error: (m) => errors.push(m) };
  const auditFile = path.join(root, 'audit', 'audit.sqlite');
  const store = new SqliteAuditStore(auditFile);
  const audited = withAudit(assistant, store, index, logger);
  const app = createApp({
    assistant: audited,
    index,
    auditStore: store,
    logger,
    ...(options.web ? { web: options.web } : {}),
    config: { access: { apiKeys: [], auditApiKeys: [], rateLimitPerMinute: 0, corsOrigins: [] } },
  });

  const servers: Server[] = [];
  return {
    app,
    index,
    audited,
    store,
    auditFile,
    errors,
    listen: () =>
      new Promise((resolve, reject) => {
        const server = app.listen(0, '127.0.0.1', (error?: Error) => {
          if (error) return reject(error);
          const { port } = server.address() as AddressInfo;
          servers.push(server);
          resolve({ server, origin: `http://127.0.0.1:${port}`, port });
        });
      }),
    async dispose() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))));
      await audited.flush();
      store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
