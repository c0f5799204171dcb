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
  return shareOfWeight(query, (term) => lexical.has(term)) ?? 1;
}

/**
 * The share of a question's weight carried by words the corpus never uses and that nothing
 * relates to it (no WordNet relative, acronym or word-vector neighbour among its words). "How does
 * photosynthesis work?" scores 0.71: the article uses "work", but its subject is a word the article
 * cannot reach at all, so the sentence about "working relationships" answers a question it never
 * takes up.
 */
export function unreachedShare(query: AnalyzedQuery, lexical: Bm25Index): number {
  return shareOfWeight(query, (term) => !lexical.has(term) && !query.related.get(term)?.length && !query.nearby.get(term)?.length) ?? 0;
}

/** The share of the question's scoring weight in terms `counts` accepts; undefined for a question without terms. */
function shareOfWeight(query: AnalyzedQuery, counts: (term: string) => boolean): number | undefined {
  let total = 0;
  let counted = 0;
  for (const [term, weight] of query.scoringWeights) {
    total += weight;
    if (counts(term)) counted += weight;
  }
  return total === 0 ? undefined : counted / total;
}
