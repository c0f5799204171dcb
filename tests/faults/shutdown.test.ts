import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub, type StubRequest } from '../fixtures/llm-stub.js';
import { ask, type Asked } from './ask.js';
import { exitOf, killAll, listeningPort, startServer, waitFor, type Run } from './child-process.js';
import { ARTICLE, buildArticleIndex, createWorkspace, type Workspace } from './workspace.js';

/**
 * SIGTERM while an answer is still being written: the server stops taking connections at once,
 * finishes that answer, records it in the audit trail, and exits 0.
 */

let ws: Workspace;
let stub: LlmStub;
let server: Run;
let auditDb: string;

/** The first sentence of passage [1], as the prompt showed it: what a faithful model quotes. */
function quoteOfFirstPassage(request: StubRequest): string {
  const prompt = request.messages[request.messages.length - 1]!.content;
  const passage = /<passage n="1"[^>]*>\n\[1\] ([\s\S]*?)\n<\/passage>/.exec(prompt)?.[1] ?? '';
  return /^.+?[.!?](?=\s|$)/s.exec(passage)?.[0] ?? passage;
}

/** Resolves with the error code of a TCP connection attempt, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

beforeAll(async () => {
  ws = await createWorkspace('shutdown');
  const vectorsDir = join(ws.dir, 'vectors');
  await buildArticleIndex(ws, vectorsDir);
  // A model that takes about 3 s to write its answer: two pieces, 1.5 s apart.
  stub = await startLlmStub((request) => {
    const text = `The article says: “${quoteOfFirstPassage(request)}” [1]`;
    return { text, pieceSize: Math.ceil(text.length / 2), delayMs: 1500 };
  });
  auditDb = join(ws.dir, 'audit', 'audit.sqlite');
  server = startServer({ VECTORS_DIR: vectorsDir, MODELS_DIR: ws.modelsDir, CORPUS: ARTICLE, AUDIT_DB: auditDb, LLM_BASE_URL: stub.baseUrl, LLM_MODEL: 'stub-model' });
});

afterAll(async () => {
  killAll();
  await stub?.close();
  await ws?.remove();
});

describe('SIGTERM during an answer', () => {
  let answered: Asked;

  it('refuses new connections at once and still completes the answer in flight', async () => {
    const port = await listeningPort(server);
    let settled = false;
    const inFlight: Promise<Asked> = ask(port).finally(() => (settled = true));
    await waitFor(server, 'the model never received the question', () => stub.requests.length === 1, 20_000);

    server.child.kill('SIGTERM');
    await waitFor(server, 'the server never acknowledged SIGTERM', () => /SIGTERM received/.test(server.stderr()), 10_000);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    expect(settled).toBe(false);

    answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.record.mode).toBe('llm');
    expect(answered.record.citations[0]?.verified).toBe(true);
  }, 60_000);

  /**
   * Known bug in server/main.ts (closeOnSignals): closeIdleConnections() runs once, when the
   * signal arrives. The connection of the request in flight is busy then and turns idle (HTTP
   * keep-alive) only after its answer, so server.close() waits out the 5 s keep-alive timeout,
   * the 5 s grace timer fires first, and the process exits 1 without flushing or closing the
   * audit database. Remove `.fails` once shutdown also closes connections that go idle later.
   */
  it('exits 0 once that answer is sent, well within the grace period', async () => {
    expect(await exitOf(server, 10_000), server.stderr()).toEqual({ code: 0, signal: null });
    expect(server.stderr()).not.toMatch(/still open|exiting anyway/);
  }, 15_000);

  it('has the answer given during shutdown in the audit trail', async () => {
    await exitOf(server, 10_000);
    const db = new Database(auditDb, { readonly: true });
    try {
      const row = db.prepare('SELECT mode FROM answers WHERE id = ?').get(answered.record.id) as { mode: string } | undefined;
      expect(row).toEqual({ mode: 'llm' });
    } finally {
      db.close();
    }
  }, 15_000);
});
