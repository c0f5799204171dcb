import type { Bm25Index } from '../ingest/bm25.js';
import type { AnalyzedQuery } from './query.js';

/**
 * The share of a question's weight (each term's IDF times its own weight) carried by words the
 * corpus uses at all. "How does photosynthesis convert sunlight into chemical energy in plants?"
 * scores 0.09 on the article: only "energy" is there, so a sentence that matches "plant" through
 * a thesaurus sense ("establish") answers a question the article never takes up. A question
 * without content terms counts as fully known; other checks deal with it.
 */
export function knownShare(query: AnalyzedQuery, lexical: Bm25Index): number {
  let total = 0;
  let known = 0;
  for (const [term, weight] of query.scoringWeights) {
    total += weight;
    if (lexical.has(term)) known += weight;
  }
  return total === 0 ? 1 : known / total;
}
