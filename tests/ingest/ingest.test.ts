import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../ingest/chunk.js';
import type { EmbedderSettings, Logger } from '../../ingest/embedder-settings.js';
import { CURRENT_LINK, INDEX_FILES, readManifest } from '../../ingest/index-layout.js';
import { ingest, type IngestOptions, type IngestResult } from '../../ingest/ingest.js';
import { LocalEmbedder } from '../../ingest/local-embedder.js';
import type { Manifest } from '../../ingest/manifest.js';
import { silentProgress } from '../../ingest/progress.js';
import type { Passage } from '../../ingest/passages.js';
import { EmbedderUnavailableError } from '../../ingest/transformers-embedder.js';
import { ARTICLE, ARTICLE_PATH } from './article.js';

interface RecordingLogger extends Logger {
  messages: { info: string[]; warn: string[]; error: string[] };
}

function recordingLogger(): RecordingLogger {
  const messages = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  return {
    messages,
    info: (m) => void messages.info.push(m),
    warn: (m) => void messages.warn.push(m),
    error: (m) => void messages.error.push(m),
  };
}

let root: string;
/** Shared by every test: the model folder ingest is given (the built-in embedder loads nothing from it). */
let modelDir: string;
let vectorsDir: string;
let testCount = 0;

function embeddings(overrides: Partial<EmbedderSettings> = {}): EmbedderSettings {
  return { mode: 'local', model: 'x', modelDir, allowRemote: false, quantized: true, localDimensions: 1024, ...overrides };
}

function options(overrides: Partial<IngestOptions> = {}): IngestOptions {
  return {
    inputs: [ARTICLE_PATH],
    vectorsDir,
    chunk: DEFAULT_CHUNK_OPTIONS,
    embeddings: embeddings(),
    force: false,
    log: recordingLogger(),
    progress: silentProgress,
    ...overrides,
  };
}

/** The folder `current` points at, e.g. `index-20260101-120000000-1234`. */
function currentTarget(): Promise<string> {
  return readlink(path.join(vectorsDir, CURRENT_LINK));
}

/** A copy of the article in the test's own folder, so the test may change it. */
async function articleCopy(): Promise<string> {
  const file = path.join(vectorsDir, '..', `input-${testCount}`, 'article.txt');
  await mkdir(path.dirname(file), { recursive: true });
  await copyFile(ARTICLE_PATH, file);
  return file;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ingest-'));
  modelDir = path.join(root, 'models');
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  testCount++;
  vectorsDir = path.join(root, `test-${testCount}`, 'vectors');
});

describe('a first ingest with the local embedder', () => {
  /** One index built for the read-only tests below. */
  let built: { vectorsDir: string; result: IngestResult };

  function readBuilt<T>(file: string): Promise<T> {
    return readFile(path.join(built.vectorsDir, CURRENT_LINK, file), 'utf8').then((text) => JSON.parse(text) as T);
  }

  beforeAll(async () => {
    const dir = path.join(root, 'first-ingest', 'vectors');
    built = { vectorsDir: dir, result: await ingest(options({ vectorsDir: dir })) };
  });

  it('writes the HNSWLib files, bm25.json, windows.json and manifest.json into the current index', async () => {
    const files = await readdir(path.join(built.vectorsDir, CURRENT_LINK));

    expect(files).toEqual(
      expect.arrayContaining(['hnswlib.index', 'docstore.json', 'args.json', 'bm25.json', 'windows.json', 'manifest.json']),
    );
    expect(files).toEqual(expect.arrayContaining(Object.values(INDEX_FILES)));
  });

  it('says it built the index because there was none', () => {
    expect(built.result).toMatchObject({ skipped: false, reason: 'no index yet' });
  });

  it('records the embedder, chunker, document checksum and chunk count in the manifest', async () => {
    const manifest = await readBuilt<Manifest>(INDEX_FILES.manifest);
    const passages = await readBuilt<Passage[]>(INDEX_FILES.passages);

    expect(manifest).toEqual(built.result.manifest);
    expect(manifest.embedder).toEqual({ kind: 'local', id: 'local-hash-1024', dimensions: 1024 });
    expect(manifest.chunker).toEqual(DEFAULT_CHUNK_OPTIONS);
    expect(manifest.documents).toEqual([
      {
        id: 'article',
        title: 'Article',
        source: path.relative(process.cwd(), ARTICLE_PATH),
        checksum: createHash('sha256').update(ARTICLE).digest('hex'),
        chunks: passages.length,
      },
    ]);
    expect(manifest.chunkCount).toBe(passages.length);
    expect(manifest.chunkCount).toBeGreaterThan(10);
  });

  it('saves passages whose offsets locate their text in the article', async () => {
    const passages = await readBuilt<Passage[]>(INDEX_FILES.passages);

    for (const p of passages) expect(ARTICLE.slice(p.start, p.end)).toBe(p.text);
  });

  it('builds an index that HNSWLib.load opens and searches with the saved local embedder', async () => {
    const embedder = LocalEmbedder.fromState(await readBuilt(INDEX_FILES.localEmbedder));

    const store = await HNSWLib.load(path.join(built.vectorsDir, CURRENT_LINK), embedder);
    const [best] = await store.similaritySearch('What did A. Likhachyov say about the Russia-ASEAN road map?', 1);

    expect(best!.pageContent).toContain('Likhachyov');
    expect(ARTICLE.slice(best!.metadata.start, best!.metadata.end)).toBe(best!.pageContent);
  });
});

describe('ingest progress', () => {
  it('reports embedding progress up to the number of chunks', async () => {
    const calls: Array<{ label: string; total: number; updates: number[]; finished: boolean }> = [];
    const result = await ingest(
      options({
        batchSize: 10,
        progress: (label, total) => {
          const call = { label, total, updates: [] as number[], finished: false };
          calls.push(call);
          return { update: (done) => void call.updates.push(done), finish: () => void (call.finished = true) };
        },
      }),
    );

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ label: 'embedding (local-hash-1024)', total: result.manifest.chunkCount, finished: true });
    expect(calls[0]!.updates.at(-1)).toBe(result.manifest.chunkCount);
  });
});

describe('ingest when an index exists', () => {
  it('skips a second ingest of the same inputs as up to date', async () => {
    const first = await ingest(options());
    const before = await currentTarget();

    const second = await ingest(options());

    expect(second).toMatchObject({ skipped: true, reason: 'index is up to date' });
    expect(second.manifest).toEqual(first.manifest);
    expect(await currentTarget()).toBe(before);
  });

  it('rebuilds with force and removes the previous build', async () => {
    await ingest(options());
    const before = await currentTarget();

    const forced = await ingest(options({ force: true }));

    expect(forced).toMatchObject({ skipped: false, reason: 'forced rebuild' });
    expect(await currentTarget()).not.toBe(before);
    expect((await readdir(vectorsDir)).filter((e) => e.startsWith('index-'))).toEqual([await currentTarget()]);
  });

  it('rebuilds, saying why, when an input file changes', async () => {
    const input = await articleCopy();
    await ingest(options({ inputs: [input] }));
    await appendFile(input, '\nA new closing paragraph about Russia and ASEAN.\n');

    const result = await ingest(options({ inputs: [input] }));

    expect(result.skipped).toBe(false);
    expect(result.reason).toBe(`${path.relative(process.cwd(), input)} changed since it was indexed`);
    expect((await readManifest(vectorsDir))!.documents[0]!.checksum).toBe(
      createHash('sha256').update(await readFile(input, 'utf8')).digest('hex'),
    );
  });

  it('rebuilds, saying why, when the chunker settings change', async () => {
    await ingest(options());

    const result = await ingest(options({ chunk: { ...DEFAULT_CHUNK_OPTIONS, maxChars: 700 } }));

    expect(result).toMatchObject({ skipped: false, reason: 'chunker settings changed' });
    expect(result.manifest.chunker.maxChars).toBe(700);
  });

  it('leaves the current index untouched when the new index cannot be published', async () => {
    await ingest(options());
    const before = await currentTarget();
    const manifestBefore = await readManifest(vectorsDir);
    // publish() swaps `current` through a temporary link `.current-<pid>`; a folder in its way makes the swap fail
    // after the new index has been written in full.
    await mkdir(path.join(vectorsDir, `.${CURRENT_LINK}-${process.pid}`, 'in-the-way'), { recursive: true });

    await expect(ingest(options({ force: true }))).rejects.toThrow(/is a directory/);

    expect(await currentTarget()).toBe(before);
    expect(await readManifest(vectorsDir)).toEqual(manifestBefore);
    expect((await readdir(vectorsDir)).filter((e) => e.startsWith('index-'))).toHaveLength(2);
  });

  it('leaves the current index untouched when embedding fails', async () => {
    await ingest(options());
    const before = await currentTarget();
    const failing = (): ReturnType<IngestOptions['progress']> => ({
      update: () => {
        throw new Error('interrupted');
      },
      finish: () => {},
    });

    await expect(ingest(options({ force: true, progress: failing }))).rejects.toThrow('interrupted');

    expect(await currentTarget()).toBe(before);
    expect((await readdir(vectorsDir)).filter((e) => e.startsWith('index-'))).toEqual([before]);
  });
});

describe('ingest choosing the embedder', () => {
  it('rejects with one clear line when the transformers model is missing, and writes nothing', async () => {
    const error = await ingest(options({ embeddings: embeddings({ mode: 'transformers', model: 'Xenova/missing-model' }) })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('cannot load embedding model Xenova/missing-model');
    expect(message).toContain(modelDir);
    expect(message).toContain('remote download disabled');
    expect(await readManifest(vectorsDir)).toBeUndefined();
  });

  it('falls back to the local embedder in auto mode and warns once through the logger', async () => {
    const log = recordingLogger();

    const result = await ingest(options({ log, embeddings: embeddings({ mode: 'auto', model: 'Xenova/missing-model' }) }));

    expect(result.manifest.embedder).toEqual({ kind: 'local', id: 'local-hash-1024', dimensions: 1024 });
    expect(log.messages.warn).toHaveLength(1);
    expect(log.messages.warn[0]).toMatch(/^cannot load embedding model Xenova\/missing-model .*using the built-in local embedder instead/);
    expect(log.messages.warn[0]).not.toContain('\n');
    expect(log.messages.error).toEqual([]);
  });
});
