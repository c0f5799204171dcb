import { cp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_LINK, INDEX_FILES } from '../../ingest/index-layout.js';
import { loadConfig } from '../../server/config.js';
import { IndexLoadError } from '../../server/index-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { prepareIndex } from '../../server/prepare-index.js';
import { ask } from './ask.js';
import { exitOf, groupAlive, killAll, lines, listeningPort, STACK_FRAME, START_TIMEOUT_MS, startServer, until } from './child-process.js';
import { ANSWER_FACT, ARTICLE, buildArticleIndex, createWorkspace, QUESTION, type Workspace } from './workspace.js';

/**
 * Every file of a published index, deleted or corrupted on disk. A broken data file must stop
 * `npm start` with exit code 1 and one line naming the file and `npm run ingest`: no stack trace,
 * no retry loop, nothing rewritten. A missing or unreadable manifest is different: without one
 * there is no complete index, so start-up ingests the corpus afresh and serves.
 */

type Fault = 'missing' | 'garbage' | 'truncated';

const DATA_FILES = [
  INDEX_FILES.documents,
  INDEX_FILES.passages,
  INDEX_FILES.bm25,
  INDEX_FILES.localEmbedder,
  INDEX_FILES.thesaurus,
  INDEX_FILES.hnsw,
  INDEX_FILES.docstore,
  INDEX_FILES.hnswArgs,
] as const;
const FAULTS: readonly Fault[] = ['missing', 'garbage', 'truncated'];

/** One real `npm start` per file; the fault kinds rotate so each kind is seen by a real process. */
const STARTED: ReadonlyArray<[string, Fault]> = [
  [INDEX_FILES.documents, 'missing'],
  [INDEX_FILES.passages, 'truncated'],
  [INDEX_FILES.bm25, 'garbage'],
  [INDEX_FILES.localEmbedder, 'missing'],
  [INDEX_FILES.thesaurus, 'truncated'],
  [INDEX_FILES.hnsw, 'garbage'],
  [INDEX_FILES.docstore, 'truncated'],
  [INDEX_FILES.hnswArgs, 'garbage'],
];

let ws: Workspace;
let baseVectors: string;
let copies = 0;

/** Bytes that are no file format at all, the same length as the original (a bad block, not a short write). */
function garbage(length: number): Buffer {
  let seed = 0x2545f491;
  return Buffer.from(Array.from({ length: Math.max(length, 16) }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
}

/** A copy of the built index with `file` damaged; returns its vectors folder. */
async function damaged(file: string, fault: Fault): Promise<string> {
  const vectorsDir = join(ws.dir, `vectors-${++copies}`);
  await cp(baseVectors, vectorsDir, { recursive: true, verbatimSymlinks: true });
  const target = join(vectorsDir, CURRENT_LINK, file);
  if (fault === 'missing') await rm(target);
  else {
    const bytes = await readFile(target);
    await writeFile(target, fault === 'garbage' ? garbage(bytes.length) : bytes.subarray(0, Math.floor(bytes.length / 2)));
  }
  return vectorsDir;
}

const serverEnv = (vectorsDir: string): Record<string, string> => ({ VECTORS_DIR: vectorsDir, MODELS_DIR: ws.modelsDir, CORPUS: ARTICLE, AUDIT: 'off' });

beforeAll(async () => {
  ws = await createWorkspace('index-files');
  baseVectors = join(ws.dir, 'base');
  await buildArticleIndex(ws, baseVectors);
});

afterAll(async () => {
  killAll();
  await ws?.remove();
});

describe('npm start with a damaged index file', () => {
  it.concurrent.for(STARTED)('exits 1 with one line naming %s (%s) and npm run ingest, and stays down', { timeout: START_TIMEOUT_MS + 10_000 }, async ([file, fault], { expect, onTestFinished }) => {
    const vectorsDir = await damaged(file, fault);
    const before = await readlink(join(vectorsDir, CURRENT_LINK));
    const server = startServer(serverEnv(vectorsDir));
    onTestFinished(() => server.killGroup('SIGKILL'));
    expect(await exitOf(server, START_TIMEOUT_MS)).toEqual({ code: 1, signal: null });
    const stderr = server.stderr();
    expect(lines(stderr), stderr).toHaveLength(1);
    expect(stderr).toContain(join(vectorsDir, CURRENT_LINK, file));
    expect(stderr).toContain('npm run ingest');
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(server.stdout()).toBe('');
    // It just exits: nothing of it keeps running (tsx's esbuild helper goes with it), and it did
    // not rebuild behind the operator's back.
    await until('a process of the failed start is still running', () => !groupAlive(server), 5_000);
    expect(await readlink(join(vectorsDir, CURRENT_LINK))).toBe(before);
  });

  it.concurrent('ingests afresh and serves when manifest.json is missing', async ({ expect, onTestFinished }) => {
    const vectorsDir = await damaged(INDEX_FILES.manifest, 'missing');
    const before = await readlink(join(vectorsDir, CURRENT_LINK));
    const server = startServer(serverEnv(vectorsDir));
    onTestFinished(() => server.killGroup('SIGKILL'));
    const port = await listeningPort(server);
    expect(server.stderr()).toMatch(/indexed 1 document\(s\), \d+ chunks .*\(no index yet\)/);
    expect(await readlink(join(vectorsDir, CURRENT_LINK))).not.toBe(before);
    const { status, record } = await ask(port);
    expect(status).toBe(200);
    expect(record.answer).toContain(ANSWER_FACT);
    server.child.kill('SIGTERM');
    expect((await exitOf(server, 10_000)).code).toBe(0);
  }, START_TIMEOUT_MS + 20_000);
});

/**
 * The full matrix, in process, through the two start-up steps that meet the index (prepareIndex,
 * then loadAssistant): cheaper than a process per case, and the process tests above show that
 * main.ts turns such an error into its one line and exit 1.
 */
describe('start-up steps with each index file missing, garbled or truncated', () => {
  const quiet = { info() {}, warn() {}, error() {} };
  const startUp = async (vectorsDir: string) => {
    const config = loadConfig({ ...serverEnv(vectorsDir), EMBEDDINGS: 'local' });
    await prepareIndex(config, quiet);
    return loadAssistant(config);
  };

  const cases = DATA_FILES.flatMap((file) => FAULTS.map((fault) => [file, fault] as const));
  it.each(cases)('fails naming %s (%s) and npm run ingest', async (file, fault) => {
    const vectorsDir = await damaged(file, fault);
    const error = await startUp(vectorsDir).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(IndexLoadError);
    const message = (error as Error).message;
    expect(message).toContain(join(vectorsDir, CURRENT_LINK, file));
    expect(message).toMatch(/: run npm run ingest -- --force$/);
    expect(message).not.toContain('\n');
  });

  it.each(['garbage', 'truncated'] as const)('rebuilds from the corpus when manifest.json is %s', async (fault) => {
    const vectorsDir = await damaged(INDEX_FILES.manifest, fault);
    const before = await readlink(join(vectorsDir, CURRENT_LINK));
    const { assistant } = await startUp(vectorsDir);
    expect(await readlink(join(vectorsDir, CURRENT_LINK))).not.toBe(before);
    const record = await assistant.ask({ origin: 'api/ask', question: QUESTION, topK: 5, history: [] });
    expect(record.answer).toContain(ANSWER_FACT);
  });
});
