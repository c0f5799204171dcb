import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from '../../ingest/ingest.js';
import { createApp } from '../../server/app.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { buildWebAssets } from '../../server/web-assets.js';
import { ingestArticle } from '../fixtures/article-index.js';

/** A running app on loopback, backed by a real index built from the article. */
export interface LiveServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * Builds a real index in a temp folder with the local embedder (as `tests/server/chat.test.ts`
 * does), builds the web assets, and listens on 127.0.0.1 on a free port, so a browser drives
 * exactly what `npm start` serves.
 */
export async function startLiveServer(options: { apiKeys?: string[] } = {}): Promise<LiveServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chat-ui-'));
  const { vectorsDir, embeddings } = await ingestArticle(dir);
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });
  const web = await buildWebAssets();
  const access = { apiKeys: options.apiKeys ?? [], auditApiKeys: [], rateLimitPerMinute: 0, corsOrigins: [] };
  const server = createServer(createApp({ assistant, index, logger: quiet, web, config: { access } }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      // The browser keeps connections alive; without this, close() waits for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
