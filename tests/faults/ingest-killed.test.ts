import { copyFile, mkdir, readdir, readFile, readlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_LINK, createStagingDir, INDEX_FILES } from '../../ingest/index-layout.js';
import { ingest } from '../../ingest/ingest.js';
import { silentProgress } from '../../ingest/progress.js';
import { loadConfig } from '../../server/config.js';
import { ask } from './ask.js';
import { exitOf, groupAlive, killAll, listeningPort, startServer, startTsx, until, waitFor } from './child-process.js';
import { ANSWER_FACT, ARTICLE, buildArticleIndex, createWorkspace, type Workspace } from './workspace.js';

/**
 * An ingest killed with SIGKILL while it embeds a large corpus (as the OOM killer or a closed
 * terminal would) must leave the published index exactly as it was: the server still starts on
 * it, and the next ingest sweeps away what the dead build left behind.
 */

let ws: Workspace;
let vectorsDir: string;
let corpusDir: string;
let firstTarget: string;
let firstManifest: string;

/** About 600 KB of plain sentences: enough that embedding takes seconds, so the kill lands mid-way. */
function generatedCorpus(chars: number): string {
  const words = ['summit', 'trade', 'policy', 'region', 'council', 'market', 'energy', 'treaty', 'minister', 'security', 'growth', 'partner', 'harbour', 'railway', 'grain', 'tariff'];
  const out: string[] = ['Generated corpus for the ingest fault test', ''];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const n = 8 + (i % 9);
    const sentence = Array.from({ length: n }, (_, k) => `${words[(i * 7 + k * 13) % words.length]}${k % 3 === 0 ? i % 101 : ''}`).join(' ');
    const line = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.${i % 6 === 5 ? '\n\n' : ' '}`;
    out.push(line);
    size += line.length;
  }
  return out.join('\n');
}

const indexFolders = async (): Promise<string[]> => (await readdir(vectorsDir)).filter((e) => e.startsWith('index-')).sort();
const leftovers = async (): Promise<string[]> => (await indexFolders()).filter((e) => e !== firstTarget);

beforeAll(async () => {
  ws = await createWorkspace('ingest-killed');
  vectorsDir = join(ws.dir, 'vectors');
  corpusDir = join(ws.dir, 'corpus');
  await buildArticleIndex(ws, vectorsDir);
  firstTarget = await readlink(join(vectorsDir, CURRENT_LINK));
  firstManifest = await readFile(join(vectorsDir, CURRENT_LINK, INDEX_FILES.manifest), 'utf8');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'generated.txt'), generatedCorpus(600_000));
});

afterEach(() => killAll());

afterAll(async () => {
  killAll();
  await ws?.remove();
});

describe('an ingest killed while embedding', () => {
  it('leaves current pointing at the first index with its manifest unchanged', async () => {
    const run = startTsx('ingest/cli.ts', ['--force'], { VECTORS_DIR: vectorsDir, MODELS_DIR: ws.modelsDir, CORPUS: corpusDir });
    // The first progress line comes after the first batch is embedded; thousands of passages remain.
    await waitFor(run, 'ingest never reported embedding progress', () => /embedding \([^)]+\): \d+\/\d+/.test(run.stderr()), 45_000);
    run.killGroup('SIGKILL');
    expect(await exitOf(run, 10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    await until('the node process under tsx survived SIGKILL', () => !groupAlive(run), 5_000);
    expect(run.stdout()).not.toMatch(/ingested/);

    expect(await readlink(join(vectorsDir, CURRENT_LINK))).toBe(firstTarget);
    expect(await readFile(join(vectorsDir, CURRENT_LINK, INDEX_FILES.manifest), 'utf8')).toBe(firstManifest);
    // Anything the dead build left is unfinished: a folder without a manifest is never published.
    for (const folder of await leftovers()) {
      await expect(readFile(join(vectorsDir, folder, INDEX_FILES.manifest))).rejects.toThrow(/ENOENT/);
    }
  }, 60_000);

  it('lets the server start on the surviving index beside a half-written build and answer', async () => {
    // What an ingest killed in its write phase leaves: a staging folder with some files, no manifest.
    const partial = await createStagingDir(vectorsDir);
    for (const file of [INDEX_FILES.hnsw, INDEX_FILES.documents, INDEX_FILES.passages]) {
      await copyFile(join(vectorsDir, firstTarget, file), join(partial, file));
    }
    const server = startServer({ VECTORS_DIR: vectorsDir, MODELS_DIR: ws.modelsDir, CORPUS: ARTICLE, AUDIT: 'off' });
    const port = await listeningPort(server);
    expect(server.stderr()).not.toMatch(/indexed/);
    const { status, record } = await ask(port);
    expect(status).toBe(200);
    expect(record.answer).toContain(ANSWER_FACT);
    expect(await readlink(join(vectorsDir, CURRENT_LINK))).toBe(firstTarget);
    server.child.kill('SIGTERM');
    expect((await exitOf(server, 10_000)).code).toBe(0);
    // A young unfinished folder may be a build still running elsewhere, so starting up leaves it alone.
    expect(await leftovers()).toContain(partial.split('/').pop());
  }, 60_000);

  it('has its leftovers removed by the next ingest once they are old, even when nothing needs rebuilding', async () => {
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    for (const folder of await leftovers()) await utimes(join(vectorsDir, folder), dayAgo, dayAgo);
    expect((await leftovers()).length).toBeGreaterThan(0);

    const config = loadConfig({ VECTORS_DIR: vectorsDir, MODELS_DIR: ws.modelsDir, EMBEDDINGS: 'local', CORPUS: ARTICLE });
    const result = await ingest({
      inputs: config.corpus,
      vectorsDir,
      chunk: config.chunk,
      embeddings: config.embeddings,
      force: false,
      log: { info() {}, warn() {}, error() {} },
      progress: silentProgress,
    });
    expect(result.skipped).toBe(true);
    expect(await leftovers()).toEqual([]);
    expect(await readlink(join(vectorsDir, CURRENT_LINK))).toBe(firstTarget);
    expect(await readFile(join(vectorsDir, CURRENT_LINK, INDEX_FILES.manifest), 'utf8')).toBe(firstManifest);
  }, 30_000);
});
