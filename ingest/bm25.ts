import { terms } from './tokenize.js';
import { topK } from './top-k.js';

/** Serialised form of a BM25 index, stored as `bm25.json` beside the HNSW files. */
export interface Bm25State {
  version: 1;
  k1: number;
  b: number;
  ids: string[];
  lengths: number[];
  /** term → [docIndex, termFrequency, docIndex, termFrequency, …] */
  postings: Record<string, number[]>;
}

export interface LexicalHit {
  id: string;
  score: number;
}

/** Okapi BM25 over the same passages as the dense index: catches names and numbers embeddings blur. */
export class Bm25Index {
  private readonly avgLength: number;
  /** Per-passage score and touched flag, reused by every search. */
  private scores = new Float64Array(0);
  private seen = new Uint8Array(0);

  private constructor(private readonly state: Bm25State) {
    const total = state.lengths.reduce((a, b) => a + b, 0);
    this.avgLength = state.lengths.length > 0 ? total / state.lengths.length : 0;
  }

  static build(passages: ReadonlyArray<{ id: string; text: string }>, k1 = 1.2, b = 0.75): Bm25Index {
    const postings: Record<string, number[]> = Object.create(null);
    const lengths: number[] = [];
    passages.forEach((passage, index) => {
      const counts = new Map<string, number>();
      const tokens = terms(passage.text);
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      lengths.push(tokens.length);
      for (const [t, tf] of counts) (postings[t] ??= []).push(index, tf);
    });
    return new Bm25Index({ version: 1, k1, b, ids: passages.map((p) => p.id), lengths, postings });
  }

  static fromState(state: Bm25State): Bm25Index {
    if (state.version !== 1 || !Array.isArray(state.ids)) throw new Error('unsupported bm25.json format');
    return new Bm25Index({ ...state, postings: Object.assign(Object.create(null), state.postings) });
  }

  toState(): Bm25State {
    return this.state;
  }

  get size(): number {
    return this.state.ids.length;
  }

  /** How many passages use `term`. */
  documentFrequency(term: string): number {
    return (this.state.postings[term]?.length ?? 0) / 2;
  }

  /** Inverse document frequency; a term the corpus never uses gets the highest value. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    const n = this.state.ids.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The ids of the passages that use `term`. */
  passagesWith(term: string): string[] {
    const list = this.state.postings[term] ?? [];
    const found: string[] = [];
    for (let i = 0; i < list.length; i += 2) found.push(this.state.ids[list[i]!]!);
    return found;
  }

  /** Every term the passages use. */
  vocabulary(): Set<string> {
    return new Set(Object.keys(this.state.postings));
  }

  /** Whether any passage uses `term`. */
  has(term: string): boolean {
    return this.state.postings[term] !== undefined;
  }

  /**
   * Passages ranked by BM25 score; passages without any query term are left out. A query is text
   * or terms with weights (expanded queries weigh related words below the user's own).
   */
  search(query: string | ReadonlyMap<string, number>, k: number): LexicalHit[] {
    const { k1, b, ids, lengths, postings } = this.state;
    const weighted = typeof query === 'string' ? new Map(terms(query).map((t) => [t, 1])) : query;
    // Scores accumulate in one array reused across searches (search is synchronous); only the
    // passages touched are visited afterwards and reset.
    if (this.scores.length !== ids.length) {
      this.scores = new Float64Array(ids.length);
      this.seen = new Uint8Array(ids.length);
    }
    const { scores, seen } = this;
    const touched: number[] = [];
    for (const [term, weight] of weighted) {
      const list = postings[term];
      if (!list) continue;
      const idf = this.idf(term) * weight;
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        const tf = list[i + 1]!;
        const norm = tf + k1 * (1 - b + (b * lengths[doc]!) / (this.avgLength || 1));
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched.push(doc);
        }
        scores[doc]! += (idf * (tf * (k1 + 1))) / norm;
      }
    }
    const hits = topK(touched, scores, k).map((doc) => ({ id: ids[doc]!, score: scores[doc]! }));
    for (const doc of touched) {
      scores[doc] = 0;
      seen[doc] = 0;
    }
    return hits;
  }
}
