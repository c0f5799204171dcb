import { chunkSentences, type ChunkOptions } from './chunk.js';
import type { SourceDocument } from './documents.js';

/** A retrievable unit: one chunk of one document, with the offsets that make it checkable. */
export interface Passage {
  /** `<documentId>:<chunk index>`, e.g. `article:12`. */
  id: string;
  documentId: string;
  index: number;
  /** `document.text.slice(start, end) === text` */
  start: number;
  end: number;
  text: string;
  paragraphs: [number, number];
  notes: number[];
}

export function passagesOf(doc: SourceDocument, options: ChunkOptions): Passage[] {
  return chunkSentences(doc.text, doc.sentences, options).map((chunk) => ({
    id: `${doc.id}:${chunk.index}`,
    documentId: doc.id,
    index: chunk.index,
    start: chunk.start,
    end: chunk.end,
    text: chunk.text,
    paragraphs: chunk.paragraphs,
    notes: chunk.notes,
  }));
}
