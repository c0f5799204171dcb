import type { SourceDocument } from './documents.js';
import type { Passage } from './passages.js';
import { sentencesWithin } from './sentences.js';
import { terms } from './tokenize.js';

/**
 * Windows of adjacent sentences inside each passage: a fact and the sentence beside it that names
 * what it is about. Retrieval ranks passages by their best window (see server/sentence-windows.ts);
 * ingest saves the windows' term statistics, BM25's IDF and average length over windows.
 */

/** Sentences per window. A passage with fewer is one window. */
export const WINDOW_SENTENCES = 2;

/** Saved as `windows.json` beside the passage BM25 index. */
export interface WindowStats {
  version: 1;
  /** How many windows the passages have. */
  windows: number;
  /** Mean number of terms in a window. */
  averageLength: number;
  /** term → how many windows use it. */
  documentFrequency: Record<string, number>;
}

/** The terms of each window of a passage, in order. */
export function windowTerms(doc: SourceDocument, passage: Pick<Passage, 'start' | 'end'>): string[][] {
  const each = sentencesWithin(doc.sentences, passage).map((s) => terms(doc.text.slice(s.start, s.end)));
  if (each.length === 0) return [];
  if (each.length <= WINDOW_SENTENCES) return [each.flat()];
  const windows: string[][] = [];
  for (let i = 0; i + WINDOW_SENTENCES <= each.length; i++) windows.push(each.slice(i, i + WINDOW_SENTENCES).flat());
  return windows;
}

/** The windows' statistics over every passage. */
export function windowStatsOf(passages: readonly Passage[], documents: ReadonlyMap<string, SourceDocument>): WindowStats {
  const documentFrequency: Record<string, number> = Object.create(null);
  let windows = 0;
  let length = 0;
  for (const passage of passages) {
    const doc = documents.get(passage.documentId);
    if (!doc) continue;
    for (const window of windowTerms(doc, passage)) {
      windows++;
      length += window.length;
      for (const t of new Set(window)) documentFrequency[t] = (documentFrequency[t] ?? 0) + 1;
    }
  }
  return { version: 1, windows, averageLength: windows > 0 ? length / windows : 0, documentFrequency };
}
