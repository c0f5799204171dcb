import { describe, expect, it } from 'vitest';
import { chunkSentences, DEFAULT_CHUNK_OPTIONS, type Chunk, type ChunkOptions } from '../../ingest/chunk.js';
import { findApparatus } from '../../ingest/notes.js';
import { segment, type Sentence } from '../../ingest/sentences.js';
import { ARTICLE } from './article.js';

/** A sentence of exactly `length` characters that starts with `label`, e.g. `S1 xxxx.` */
function sentence(label: string, length = 100): string {
  return `${label} ${'x'.repeat(length - label.length - 2)}.`;
}

/** Paragraphs of sentences joined the way an article is written: spaces within, blank lines between. */
function textOf(paragraphs: string[][]): string {
  return paragraphs.map((p) => p.join(' ')).join('\n\n');
}

function sentencesOf(text: string): Sentence[] {
  const { bodyEnd, notes } = findApparatus(text);
  return segment(text, bodyEnd, new Set(notes.map((n) => n.n))).sentences;
}

function chunk(text: string, options: Partial<ChunkOptions> = {}): Chunk[] {
  return chunkSentences(text, sentencesOf(text), { ...DEFAULT_CHUNK_OPTIONS, ...options });
}

/** The labels (first word) of the sentences in each chunk, to read chunk layouts at a glance. */
function labels(chunks: Chunk[]): string[][] {
  return chunks.map((c) => c.text.split(/(?<=\.)\s+/).map((s) => s.split(' ')[0]!));
}

describe('chunkSentences on the article', () => {
  const sentences = sentencesOf(ARTICLE);
  const chunks = chunkSentences(ARTICLE, sentences);
  const inside = (c: Chunk): Sentence[] => sentences.filter((s) => s.start >= c.start && s.spanEnd <= c.end);

  it('produces chunks whose text is exactly the source between their offsets', () => {
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(ARTICLE.slice(c.start, c.end)).toBe(c.text);
  });

  it('numbers chunks consecutively from 0', () => {
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('starts every chunk at a sentence start and ends it at a sentence end, marker included', () => {
    const starts = new Set(sentences.map((s) => s.start));
    const ends = new Set(sentences.map((s) => s.spanEnd));
    for (const c of chunks) {
      expect(starts.has(c.start)).toBe(true);
      expect(ends.has(c.end)).toBe(true);
    }
  });

  it('keeps every chunk within maxChars unless it is a single longer sentence', () => {
    for (const c of chunks) {
      if (c.text.length > DEFAULT_CHUNK_OPTIONS.maxChars) expect(inside(c)).toHaveLength(1);
      else expect(c.text.length).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxChars);
    }
  });

  it('puts every body sentence, whole, into some chunk', () => {
    for (const s of sentences) {
      expect(chunks.some((c) => c.start <= s.start && s.spanEnd <= c.end)).toBe(true);
    }
  });

  it('records the first and last paragraph each chunk covers', () => {
    for (const c of chunks) {
      const covered = inside(c);
      expect(c.paragraphs).toEqual([covered[0]!.paragraph, covered[covered.length - 1]!.paragraph]);
    }
  });

  it('records the notes cited by each chunk and, across chunks, all 16 of them', () => {
    for (const c of chunks) expect(c.notes).toEqual(inside(c).flatMap((s) => s.notes));
    expect(new Set(chunks.flatMap((c) => c.notes))).toEqual(new Set(Array.from({ length: 16 }, (_, i) => i + 1)));
  });

  it('repeats the last sentence when it cuts a paragraph, unless that would overflow the next chunk', () => {
    let overlaps = 0;
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!;
      const next = chunks[i]!;
      if (previous.paragraphs[1] !== next.paragraphs[0]) {
        expect(next.start).toBeGreaterThan(previous.end);
        continue;
      }
      const repeated = inside(previous).at(-1)!;
      if (next.start === repeated.start) overlaps++;
      else expect(inside(next)[0]!.spanEnd - repeated.start).toBeGreaterThan(DEFAULT_CHUNK_OPTIONS.maxChars);
    }
    expect(overlaps).toBeGreaterThan(10);
  });
});

describe('chunkSentences', () => {
  const small: Partial<ChunkOptions> = { minChars: 250, maxChars: 350, overlapSentences: 1 };

  it('gives no chunks for an empty text', () => {
    expect(chunk('')).toEqual([]);
    expect(chunkSentences('', [])).toEqual([]);
  });

  it('keeps a short text whole in a single chunk', () => {
    const text = 'Russia and ASEAN met in Hanoi. They signed a road map.';

    expect(chunk(text)).toEqual([
      { index: 0, start: 0, end: text.length, text, paragraphs: [1, 1], notes: [] },
    ]);
  });

  it('overlaps consecutive chunks of one paragraph by one sentence', () => {
    const text = textOf([[sentence('A'), sentence('B'), sentence('C'), sentence('D'), sentence('E')]]);

    expect(labels(chunk(text, small))).toEqual([
      ['A', 'B', 'C'],
      ['C', 'D', 'E'],
    ]);
  });

  it('does not overlap chunks when overlapSentences is 0', () => {
    const text = textOf([[sentence('A'), sentence('B'), sentence('C'), sentence('D'), sentence('E')]]);

    expect(labels(chunk(text, { ...small, overlapSentences: 0 }))).toEqual([
      ['A', 'B', 'C'],
      ['D', 'E'],
    ]);
  });

  it('makes a sentence longer than maxChars its own chunk, whole', () => {
    const long = sentence('Long', 500);
    const text = textOf([[sentence('A'), long, sentence('B')]]);
    const chunks = chunk(text, small);

    expect(labels(chunks)).toEqual([['A'], ['Long'], ['B']]);
    expect(chunks[1]!.text).toBe(long);
  });

  it('merges short paragraphs until a chunk reaches minChars', () => {
    const text = textOf([[sentence('P1')], [sentence('P2')], [sentence('P3')], [sentence('P4')]]);
    const chunks = chunk(text, small);

    expect(labels(chunks)).toEqual([['P1', 'P2', 'P3'], ['P4']]);
    expect(chunks.map((c) => c.paragraphs)).toEqual([
      [1, 3],
      [4, 4],
    ]);
  });

  it('does not repeat a sentence across a paragraph boundary', () => {
    const text = textOf([
      [sentence('A'), sentence('B'), sentence('C')],
      [sentence('D'), sentence('E')],
    ]);

    expect(labels(chunk(text, small))).toEqual([
      ['A', 'B', 'C'],
      ['D', 'E'],
    ]);
  });

  it('records the notes of the sentences a chunk holds', () => {
    const text = `${textOf([[`${sentence('A')}1`, sentence('B')], [`${sentence('C')}2`]])}\n\n\n  1. Ibid.\n  2. Ibid.\n`;
    const chunks = chunk(text, { minChars: 150, maxChars: 350, overlapSentences: 1 });

    expect(chunks.map((c) => c.notes)).toEqual([[1], [2]]);
    expect(chunks[0]!.text.endsWith(`${sentence('B')}`)).toBe(true);
  });
});
