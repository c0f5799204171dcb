import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../server/assistant.js';
import { bundleServer, SERVER_BUNDLE, SERVER_NODE_FLAGS } from '../../server/bundle.js';
import { ingestArticleInto } from '../fixtures/article-index.js';

/**
 * `server/main.ts` as `npm start` runs it: a real process started through tsx, talked to over
 * HTTP, stopped with a signal. Start-up failures must be one readable line and exit code 1.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const START_TIMEOUT_MS = 60_000;
/** Variables main.ts reads; cleared from the inherited environment so the runner's own settings cannot leak in. */
const CONFIG_VARIABLES = [
  'PORT', 'HOST', 'CORPUS', 'VECTORS_DIR', 'EMBEDDINGS', 'EMBEDDING_MODEL', 'MODELS_DIR', 'ALLOW_REMOTE_MODELS',
  'EMBEDDING_QUANTIZED', 'LOCAL_EMBEDDING_DIMS', 'CHUNK_MIN_CHARS', 'CHUNK_MAX_CHARS', 'CHUNK_OVERLAP_SENTENCES',
  'AUDIT', 'AUDIT_DB', 'LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY', 'LLM_TIMEOUT_MS', 'MODEL_ID', 'ANSWER_CACHE_SIZE',
  'WORD_VECTORS',
];
const STACK_FRAME = /\n\s+at \S/;

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let tmp: string;
let builtVectors: string;
let modelsDir: string;
const running: ChildProcess[] = [];

/**
 * Starts main.ts in its own process group, so cleanup can stop tsx and the node process it spawns
 * together: through tsx on the source, or (`bundle`) on plain node from the bundle `npm start` builds.
 */
function start(env: Record<string, string>, how: 'tsx' | 'bundle' = 'tsx'): Started {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CONFIG_VARIABLES.includes(k)));
  const [command, args] = how === 'tsx' ? [TSX, ['server/main.ts']] : [process.execPath, [...SERVER_NODE_FLAGS, SERVER_BUNDLE]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...base, HOST: '127.0.0.1', PORT: '0', MODELS_DIR: modelsDir, EMBEDDINGS: 'local', AUDIT_DB: join(modelsDir, '..', `audit-${Math.random().toString(36).slice(2)}.sqlite`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with the port from the "listening" line; fails with everything printed if it never comes. */
async function listeningPort(server: Started): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const match = /article assistant listening on http:\/\/127\.0\.0\.1:(\d+) \((\d+) chunks, embedder ([^,\s]+), extractive answers\)/.exec(server.stdout());
    if (match) return Number(match[1]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not report listening (exited: ${exited})\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`);
}

/** Waits for the process to end on its own, within a bound. */
async function exitOf(server: Started, timeoutMs = START_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`process still running after ${timeoutMs} ms\nstderr:\n${server.stderr()}`)), timeoutMs);
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Direct children of `pid`, from /proc (field 4 of stat is the parent pid). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'main-test-'));
  modelsDir = join(tmp, 'models');
  builtVectors = join(tmp, 'built');
  // One index built up front for the tests that need one ready.
  await ingestArticleInto(builtVectors, modelsDir);
});

afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('npm start (server/main.ts)', () => {
  it('ingests when there is no index, answers POST /api/ask over HTTP, and exits 0 on SIGTERM', async () => {
    const server = start({ VECTORS_DIR: join(tmp, 'fresh') });
    const port = await listeningPort(server);
    expect(server.stderr()).toMatch(/indexed 1 document/);

    const res = await fetch(`http://127.0.0.1:${port}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'When was the first Russia-ASEAN summit held?', topK: 3 }),
    });
    expect(res.status).toBe(200);
    const record = (await res.json()) as AnswerRecord;
    expect(record.answer.length).toBeGreaterThan(0);
    expect(record.passages).toHaveLength(3);

    server.child.kill('SIGTERM');
    expect(await exitOf(server, 10_000)).toEqual({ code: 0, signal: null });
  });

  it('runs from the bundle on plain node, as the start script does: answers, serves the UI, exits 0 on SIGTERM', async () => {
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`node server/build.mjs main && node ${SERVER_NODE_FLAGS.join(' ')} ${SERVER_BUNDLE}`);
    await bundleServer();
    const server = start({ VECTORS_DIR: builtVectors }, 'bundle');
    const port = await listeningPort(server);
    const ask = await fetch(`http://127.0.0.1:${port}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'When was the first Russia-ASEAN summit held?' }),
    });
    expect(((await ask.json()) as AnswerRecord).answer).toContain('Kuala Lumpur');
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('<script');
    const script = await fetch(`http://127.0.0.1:${port}/assets/app.js`);
    expect(script.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await exitOf(server, 10_000)).toEqual({ code: 0, signal: null });
  });

  it('builds a missing index in a child process, so what ingest loaded never stays in the server', async () => {
    await bundleServer();
    // EMBEDDINGS=auto: ingest tries MiniLM first (no network here), which loads the ONNX runtime.
    const server = start({ VECTORS_DIR: join(tmp, 'apart'), EMBEDDINGS: 'auto', ALLOW_REMOTE_MODELS: 'true' }, 'bundle');
    const port = await listeningPort(server);
    expect(server.stderr()).toMatch(/cannot load embedding model/);
    expect(server.stderr()).toMatch(/indexed 1 document/);
    const pid = server.child.pid!;
    expect(childrenOf(pid)).toEqual([]);
    expect(readFileSync(`/proc/${pid}/maps`, 'utf8')).not.toMatch(/onnxruntime/);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await exitOf(server, 10_000)).code).toBe(0);
  });

  it('exits 1 with the one line ingest printed when the index cannot be built', async () => {
    const server = start({ VECTORS_DIR: join(tmp, 'never'), CORPUS: join(tmp, 'no-such-article.txt') });
    expect((await exitOf(server)).code).toBe(1);
    expect(lines(server.stderr())).toHaveLength(1);
    expect(server.stderr()).toContain('no-such-article.txt');
    expect(server.stderr()).not.toMatch(STACK_FRAME);
    expect(server.stdout()).toBe('');
  });

  it('serves an index that is already built without rebuilding it', async () => {
    const server = start({ VECTORS_DIR: builtVectors });
    const port = await listeningPort(server);
    expect(server.stderr()).not.toMatch(/indexed/);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', documents: 1 });
    server.child.kill('SIGINT');
    expect((await exitOf(server, 10_000)).code).toBe(0);
  });

  it('exits 1 with one line naming EMBEDDINGS when the environment is invalid', async () => {
    const server = start({ VECTORS_DIR: builtVectors, EMBEDDINGS: 'bogus' });
    expect((await exitOf(server)).code).toBe(1);
    expect(lines(server.stderr())).toHaveLength(1);
    expect(server.stderr()).toMatch(/EMBEDDINGS/);
    expect(server.stderr()).toMatch(/bogus/);
    expect(server.stdout()).toBe('');
  });

  it('exits 1 naming the corrupt file and npm run ingest when the index cannot be read', async () => {
    const vectors = join(tmp, 'corrupt');
    await cp(builtVectors, vectors, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(vectors, 'current', 'passages.json'), '{ this is not json');
    const server = start({ VECTORS_DIR: vectors });
    expect((await exitOf(server)).code).toBe(1);
    const stderr = server.stderr();
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain(join(vectors, 'current', 'passages.json'));
    expect(stderr).toContain('npm run ingest');
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('exits 1 with one line naming the port and PORT=… when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const server = start({ VECTORS_DIR: builtVectors, PORT: String(taken) });
      expect((await exitOf(server)).code).toBe(1);
      const stderr = server.stderr();
      expect(lines(stderr)).toHaveLength(1);
      expect(stderr).toContain(`port ${taken}`);
      expect(stderr).toMatch(/PORT=\d+/);
      expect(stderr).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });
});
