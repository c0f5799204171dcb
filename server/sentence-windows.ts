import type { SourceDocument } from '../ingest/documents.js';
import type { Passage } from '../ingest/passages.js';
import { windowTerms, type WindowStats } from '../ingest/sentence-windows.js';

/** BM25's parameters, as for passages. */
const K1 = 1.2;
const B = 0.75;
/** Passages whose windows are kept between questions. */
const PASSAGES_REMEMBERED = 20_000;

/** A passage with the score of its best window. */
export interface ScoredPassage {
  passage: Passage;
  score: number;
}

/** A window's terms with how often each occurs, and how many terms it has. */
export interface Window {
  counts: ReadonlyMap<string, number>;
  length: number;
}

/**
 * Ranks passages by their best window of two adjacent sentences under BM25, with the windows' own
 * IDF and length (saved by ingest). A passage of 600–900 characters can share many of a question's
 * words by spreading them over unrelated sentences; a window asks for them together, as the answer
 * has them.
 */
export class SentenceWindows {
  private readonly remembered = new Map<string, readonly Window[]>();

  constructor(
    private readonly documents: ReadonlyMap<string, SourceDocument>,
    private readonly stats: WindowStats,
  ) {}

  /** The given passages that share any weighted term with a window, with their best window's score, best first. */
  rank(passages: Iterable<Passage>, weighted: ReadonlyMap<string, number>): ScoredPassage[] {
    const idf = new Map([...weighted.keys()].map((t) => [t, this.idf(t)]));
    const average = this.stats.averageLength || 1;
    const scored: ScoredPassage[] = [];
    for (const passage of passages) {
      let best = 0;
      for (const { counts, length } of this.windowsOf(passage)) {
        let score = 0;
        for (const [term, weight] of weighted) {
          const tf = counts.get(term);
          if (tf) score += (weight * idf.get(term)! * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / average));
        }
        if (score > best) best = score;
      }
      if (best > 0) scored.push({ passage, score: best });
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  /** A term's IDF over windows. */
  idf(term: string): number {
    const df = this.stats.documentFrequency[term] ?? 0;
    return Math.log(1 + (this.stats.windows - df + 0.5) / (df + 0.5));
  }

  /** The term counts of each window of a passage, worked out once. */
  windowsOf(passage: Passage): readonly Window[] {
    let found = this.remembered.get(passage.id);
    if (!found) {
      const doc = this.documents.get(passage.documentId);
      found = (doc ? windowTerms(doc, passage) : []).map((list) => {
        const counts = new Map<string, number>();
        for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
        return { counts, length: list.length };
      });
      if (this.remembered.size >= PASSAGES_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(passage.id, found);
    }
    return found;
  }
}
