import type { SourceDocument } from '../ingest/documents.js';
import type { Passage } from '../ingest/passages.js';
import type { Sentence } from '../ingest/sentences.js';

/** The corpus a question is located in. */
export interface Corpus {
  passages: readonly Passage[];
  documents: ReadonlyMap<string, SourceDocument>;
}

/** Sentences that answer a question, in the passage that holds them. */
export interface Spot {
  doc: SourceDocument;
  passage: Passage;
  sentences: Sentence[];
}

/**
 * Where the answer to a question stands, for the questions answered by where a sentence is rather
 * than by the words it shares: what a document is about ('overview': its abstract), what it
 * concludes ('conclusion': the opening of its closing section), and what an acronym stands for
 * ('definition': the sentence that spells it out).
 */
export interface Location {
  kind: 'overview' | 'conclusion' | 'definition';
  /** One per document at most, in document order. */
  spots: Spot[];
}

/** The first passage of `doc` that holds all of `sentences`; undefined when none does. */
export function passageHolding(corpus: Corpus, doc: SourceDocument, sentences: readonly Sentence[]): Passage | undefined {
  return corpus.passages.find((p) => p.documentId === doc.id && sentences.every((s) => p.start <= s.start && s.end <= p.end));
}
