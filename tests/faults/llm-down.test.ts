import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startLlmStub } from '../fixtures/llm-stub.js';
import { ask } from './ask.js';
import { killAll, listeningPort, startServer } from './child-process.js';
import { ANSWER_FACT, ARTICLE, buildArticleIndex, createWorkspace, type Workspace } from './workspace.js';

/**
 * The language model behind LLM_BASE_URL is down (nothing listens) or hangs. Answers must still
 * come, extractive and verified, within a few seconds, and say why the model was not used.
 */

let ws: Workspace;
let vectorsDir: string;

const serverEnv = (llmBaseUrl: string, extra: Record<string, string> = {}): Record<string, string> => ({
  VECTORS_DIR: vectorsDir,
  MODELS_DIR: ws.modelsDir,
  CORPUS: ARTICLE,
  AUDIT: 'off',
  LLM_BASE_URL: llmBaseUrl,
  LLM_MODEL: 'stub-model',
  ...extra,
});

/** A loopback port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

beforeAll(async () => {
  ws = await createWorkspace('llm-down');
  vectorsDir = join(ws.dir, 'vectors');
  await buildArticleIndex(ws, vectorsDir);
});

afterAll(async () => {
  killAll();
  await ws?.remove();
});

describe('a language model that is down or slow', () => {
  it.concurrent('answers extractively, naming the failure, when nothing listens at LLM_BASE_URL', async ({ expect, onTestFinished }) => {
    const server = startServer(serverEnv(`http://127.0.0.1:${await closedPort()}/v1`));
    onTestFinished(() => server.killGroup('SIGKILL'));
    const port = await listeningPort(server);
    expect(server.stdout()).toMatch(/answers by stub-model/);

    const { status, record, ms } = await ask(port);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(10_000);
    expect(record.mode).toBe('extractive');
    expect(record.model).toBeNull();
    expect(record.fallbackReason).toMatch(/^the model failed: /);
    expect(record.fallbackReason).toMatch(/connect|ECONNREFUSED|connection error/i);
    expect(record.answer).toContain(ANSWER_FACT);
    expect(record.citations.length).toBeGreaterThan(0);
    expect(record.citations.every((c) => c.verified)).toBe(true);
    expect(server.stderr()).toMatch(/answering extractively: the model failed/);
  }, 60_000);

  it.concurrent('answers extractively within a few seconds, naming LLM_TIMEOUT_MS, when the model hangs', async ({ expect, onTestFinished }) => {
    const stub = await startLlmStub(() => ({ hang: true }));
    onTestFinished(() => stub.close());
    const server = startServer(serverEnv(stub.baseUrl, { LLM_TIMEOUT_MS: '500' }));
    onTestFinished(() => server.killGroup('SIGKILL'));
    const port = await listeningPort(server);

    const { status, record, ms } = await ask(port);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(5_000);
    // The model was asked for real and never answered.
    expect(stub.requests).toHaveLength(1);
    expect(record.mode).toBe('extractive');
    expect(record.fallbackReason).toMatch(/LLM_TIMEOUT_MS \(500 ms\)/);
    expect(record.answer).toContain(ANSWER_FACT);
    expect(record.citations.every((c) => c.verified)).toBe(true);
  }, 60_000);
});
