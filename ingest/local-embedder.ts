import type { Embedder } from './embedder.js';
import { isStopWord, stem, words } from './tokenize.js';

/**
 * Statistics the offline embedder learns from the corpus, saved with the index as
 * `local-embedder.json` so queries are weighted exactly as the passages were.
 */
export interface LocalEmbedderState {
  version: 1;
  dimensions: number;
  documentCount: number;
  /** Document frequency per hashed feature: [featureHash, df, featureHash, df, …]. */
  df: number[];
}

type Group = 'word' | 'bigram' | 'char';
const GROUP_WEIGHTS: Record<Group, number> = { word: 1, bigram: 0.45, char: 0.6 };
const CHAR_NGRAMS = [3, 4];

/** FNV-1a, 32 bit: cheap, stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function featuresOf(text: string): Map<Group, Map<number, number>> {
  const groups = new Map<Group, Map<number, number>>([
    ['word', new Map()],
    ['bigram', new Map()],
    ['char', new Map()],
  ]);
  const add = (group: Group, feature: string): void => {
    const h = hash(`${group}:${feature}`);
    const map = groups.get(group)!;
    map.set(h, (map.get(h) ?? 0) + 1);
  };
  const content = words(text).filter((w) => !isStopWord(w));
  let previous: string | undefined;
  for (const word of content) {
    const term = stem(word);
    add('word', term);
    if (previous) add('bigram', `${previous}_${term}`);
    previous = term;
    const padded = `<${word}>`;
    for (const n of CHAR_NGRAMS) {
      for (let i = 0; i + n <= padded.length; i++) add('char', padded.slice(i, i + n));
    }
  }
  return groups;
}

/**
 * The built-in, weight-free embedder: TF-IDF-weighted feature hashing of stemmed words, word
 * bigrams and character n-grams, each group L2-normalised and mixed, then the whole normalised.
 * It needs no model download, so the assistant works on machines without internet.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly df: Map<number, number>;

  private constructor(private readonly state: LocalEmbedderState) {
    this.dimensions = state.dimensions;
    this.id = `local-hash-${state.dimensions}`;
    this.df = new Map();
    for (let i = 0; i < state.df.length; i += 2) this.df.set(state.df[i]!, state.df[i + 1]!);
  }

  /** Learns document frequencies from the passages that will be indexed. */
  static fit(texts: readonly string[], dimensions = 1024): LocalEmbedder {
    const df = new Map<number, number>();
    for (const text of texts) {
      for (const features of featuresOf(text).values()) {
        for (const h of features.keys()) df.set(h, (df.get(h) ?? 0) + 1);
      }
    }
    return new LocalEmbedder({ version: 1, dimensions, documentCount: texts.length, df: [...df].flat() });
  }

  static fromState(state: LocalEmbedderState): LocalEmbedder {
    if (state.version !== 1 || !Number.isInteger(state.dimensions) || !Array.isArray(state.df)) {
      throw new Error('unsupported local-embedder.json format');
    }
    return new LocalEmbedder(state);
  }

  toState(): LocalEmbedderState {
    return this.state;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /** Synchronous core, exposed for the hot query path and benchmarks. */
  embed(text: string): number[] {
    const out = new Float64Array(this.dimensions);
    const n = this.state.documentCount;
    for (const [group, features] of featuresOf(text)) {
      const part = new Float64Array(this.dimensions);
      let norm = 0;
      for (const [h, tf] of features) {
        const idf = Math.log((n + 1) / ((this.df.get(h) ?? 0) + 1)) + 1;
        const weight = (1 + Math.log(tf)) * idf;
        const bucket = h % this.dimensions;
        const sign = (h >>> 16) & 1 ? 1 : -1;
        part[bucket]! += sign * weight;
      }
      for (const v of part) norm += v * v;
      if (norm === 0) continue;
      const scale = GROUP_WEIGHTS[group] / Math.sqrt(norm);
      for (let i = 0; i < part.length; i++) out[i]! += part[i]! * scale;
    }
    let total = 0;
    for (const v of out) total += v * v;
    const inv = total > 0 ? 1 / Math.sqrt(total) : 0;
    return Array.from(out, (v) => v * inv);
  }
}
