import type { Passage } from '../ingest/passages.js';
import type { ScoredPassage, SentenceWindows } from './sentence-windows.js';
import type { WordNeighbours } from './word-neighbours.js';

/**
 * Cosine similarity at which a window's word stands in for a question word. Over the tuned set and
 * all 31 held-outs (831 answerable, 203 unanswerable questions), at list weight 1.5: 0.6 put the
 * evidence in the top 5 as often as 0.55 (725), the fact in 2 more answers and abstained on 5 more
 * answerable questions (47). At weight 1, 0.5, 0.55 and 0.6 gave 725, 722 and 720 in the top 5 and
 * 610, 611 and 614 answers.
 */
export const MEANING_FLOOR = 0.55;
/**
 * Question words whose near terms are kept between questions; questions keep reusing the same
 * words. A common word has up to a few hundred near terms, so this stays well below the 20,000
 * words other caches keep: a client sending ever new words cannot grow it past a few MB.
 */
const REMEMBERED = 2_000;

/**
 * Ranks passages by their best window of two adjacent sentences (see SentenceWindows) when a
 * question word may be matched by a word near it in meaning: "Moscow and Hanoi teaming up" finds
 * "Russia and Vietnam have combined forces". Each question word counts its IDF over windows and its
 * own weight, in full where the window has the word itself, scaled by the cosine similarity of the
 * window's nearest word by the pre-trained word vectors otherwise, and not at all below the floor.
 */
export class MeaningWindows {
  private readonly remembered = new Map<string, ReadonlyMap<string, number>>();

  constructor(
    private readonly windows: SentenceWindows,
    private readonly neighbours: WordNeighbours,
    private readonly floor: number = MEANING_FLOOR,
  ) {}

  /** The given passages with any window matching a question word, with their best window's score, best first. */
  rank(passages: Iterable<Passage>, termWeights: ReadonlyMap<string, number>): ScoredPassage[] {
    const asked = [...termWeights].map(([term, weight]) => ({ term, weight: weight * this.windows.idf(term), near: this.nearTerms(term) }));
    const scored: ScoredPassage[] = [];
    for (const passage of passages) {
      let best = 0;
      for (const { counts } of this.windows.windowsOf(passage)) {
        let score = 0;
        for (const { term, weight, near } of asked) {
          if (counts.has(term)) score += weight;
          else score += weight * nearest(counts, near);
        }
        if (score > best) best = score;
      }
      if (best > 0) scored.push({ passage, score: best });
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  /** The corpus terms near `word`, with their similarity, worked out once. */
  private nearTerms(word: string): ReadonlyMap<string, number> {
    let found = this.remembered.get(word);
    if (!found) {
      found = this.neighbours.within(word, this.floor);
      if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(word, found);
    }
    return found;
  }
}

/** The highest similarity of a near term the window has; 0 when it has none. */
function nearest(counts: ReadonlyMap<string, number>, near: ReadonlyMap<string, number>): number {
  let best = 0;
  // Whichever is shorter is walked: a common word has many near terms, a window has a few dozen.
  if (near.size <= counts.size) {
    for (const [term, similarity] of near) if (similarity > best && counts.has(term)) best = similarity;
  } else {
    for (const term of counts.keys()) best = Math.max(best, near.get(term) ?? 0);
  }
  return best;
}
