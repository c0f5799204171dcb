import type { LoadedIndex } from './index-store.js';
import type { AnalyzedQuery } from './query.js';

const vectors = new WeakMap<AnalyzedQuery, Promise<number[]>>();

/**
 * The question's dense vector, embedded once however many steps need it: retrieval searches HNSW
 * with it and sentence scoring compares sentences to it, for the same analysed question.
 */
export function queryVector(index: Pick<LoadedIndex, 'embedder' | 'expandDenseQueries'>, query: AnalyzedQuery): Promise<number[]> {
  let vector = vectors.get(query);
  if (!vector) {
    vector = index.embedder.embedQuery(index.expandDenseQueries ? query.expandedText : query.text);
    vectors.set(query, vector);
  }
  return vector;
}
