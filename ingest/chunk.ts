import type { Sentence } from './sentences.js';

/** Chunker settings; recorded in the index manifest so a change forces a rebuild. */
export interface ChunkOptions {
  /** A chunk is closed at a paragraph boundary once it has at least this many characters. */
  minChars: number;
  /** A chunk never grows past this many characters unless one sentence alone is longer. */
  maxChars: number;
  /** Sentences repeated at the start of the next chunk when a paragraph is split. */
  overlapSentences: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { minChars: 600, maxChars: 900, overlapSentences: 1 };

/** A passage of whole sentences; `text === documentText.slice(start, end)`. */
export interface Chunk {
  index: number;
  start: number;
  end: number;
  text: string;
  /** First and last paragraph numbers covered. */
  paragraphs: [number, number];
  /** Note numbers cited by the chunk's sentences. */
  notes: number[];
}

/**
 * Packs sentences into chunks without ever cutting one. Small paragraphs are merged; a long
 * paragraph is split between sentences, and the split repeats the last sentence so a fact that
 * straddles the cut is whole in at least one chunk.
 */
export function chunkSentences(text: string, sentences: readonly Sentence[], options = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Sentence[] = [];
  const spanOf = (list: readonly Sentence[]): number => list[list.length - 1]!.spanEnd - list[0]!.start;

  for (const sentence of sentences) {
    if (current.length > 0) {
      const last = current[current.length - 1]!;
      const newParagraph = sentence.paragraph !== last.paragraph;
      const tooLong = sentence.spanEnd - current[0]!.start > options.maxChars;
      if (tooLong || (newParagraph && spanOf(current) >= options.minChars)) {
        chunks.push(makeChunk(text, current, chunks.length));
        const carried = newParagraph ? [] : current.slice(-options.overlapSentences || current.length);
        const fits = carried.length > 0 && sentence.spanEnd - carried[0]!.start <= options.maxChars;
        current = options.overlapSentences > 0 && fits && carried.length < current.length ? carried : [];
      }
    }
    current.push(sentence);
  }
  if (current.length > 0) chunks.push(makeChunk(text, current, chunks.length));
  return chunks;
}

function makeChunk(text: string, sentences: readonly Sentence[], index: number): Chunk {
  const first = sentences[0]!;
  const last = sentences[sentences.length - 1]!;
  const notes = [...new Set(sentences.flatMap((s) => s.notes))];
  return {
    index,
    start: first.start,
    end: last.spanEnd,
    text: text.slice(first.start, last.spanEnd),
    paragraphs: [first.paragraph, last.paragraph],
    notes,
  };
}
