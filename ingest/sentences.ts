/**
 * Splits body text into paragraphs and sentences with exact offsets. Footnote markers glued to a
 * sentence end (`Asia.”7`) are recognised and kept out of the sentence itself, so a quote never
 * carries a stray digit.
 */

export interface Sentence {
  /** Offset of the first character of the sentence in the document. */
  start: number;
  /** Offset just past the sentence's closing punctuation (footnote marker excluded). */
  end: number;
  /** Offset just past the footnote marker, or `end` when there is none. */
  spanEnd: number;
  /** 1-based number of the paragraph the sentence belongs to. */
  paragraph: number;
  /** Note numbers the sentence cites. */
  notes: number[];
}

export interface Paragraph {
  n: number;
  start: number;
  end: number;
}

export interface Segmentation {
  paragraphs: Paragraph[];
  sentences: Sentence[];
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'jr', 'sr', 'vs', 'etc', 'no', 'vol', 'p', 'pp', 'cf', 'inc',
  'ltd', 'co', 'gen', 'col', 'lt', 'fig', 'ed', 'eds', 'approx', 'dept', 'est', 'mt',
]);

const END_PUNCT = /[.!?…]+["”’)\]»]*/g;
const LETTER = /\p{L}/u;

/**
 * Segments `text[0, bodyEnd)` into paragraphs (separated by blank lines; paragraphs without a
 * letter, such as `* * *`, are skipped and not numbered) and sentences.
 *
 * @param noteNumbers the numbers of the document's notes; digits after a sentence end count as a
 *   footnote marker only when they name a note, which tells `2010.12` (note 12) from `$2.3`.
 */
export function segment(text: string, bodyEnd: number, noteNumbers: ReadonlySet<number>): Segmentation {
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  const state = { lastNote: 0 };
  const blocks = /[^\n]+(?:\n(?![ \t\r]*\n)[^\n]*)*/g;
  const body = text.slice(0, bodyEnd);
  for (let m = blocks.exec(body); m; m = blocks.exec(body)) {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const end = m.index + m[0].trimEnd().length;
    if (end <= start || !LETTER.test(m[0])) continue;
    const paragraph = { n: paragraphs.length + 1, start, end };
    paragraphs.push(paragraph);
    sentences.push(...splitParagraph(text, paragraph, noteNumbers, state));
  }
  return { paragraphs, sentences };
}

function splitParagraph(
  text: string,
  paragraph: Paragraph,
  noteNumbers: ReadonlySet<number>,
  state: { lastNote: number },
): Sentence[] {
  const out: Sentence[] = [];
  const chunk = text.slice(paragraph.start, paragraph.end);
  let sentenceStart = 0;
  END_PUNCT.lastIndex = 0;
  for (let m = END_PUNCT.exec(chunk); m; m = END_PUNCT.exec(chunk)) {
    const end = m.index + m[0].length;
    const marker = /^\d{1,3}/.exec(chunk.slice(end));
    let spanEnd = end;
    let notes: number[] = [];
    if (marker) {
      const n = Number(marker[0]);
      const afterDigit = /\d/.test(chunk[m.index - 1] ?? '');
      const fits = noteNumbers.has(n) && (n === state.lastNote + 1 || (!afterDigit && n > state.lastNote));
      if (!fits) continue;
      spanEnd = end + marker[0].length;
      notes = [n];
    }
    const next = chunk.slice(spanEnd);
    const atParagraphEnd = next.trim() === '';
    if (!atParagraphEnd) {
      if (!/^\s/.test(next)) continue;
      const following = next.trimStart()[0] ?? '';
      if (!/[\p{Lu}\p{N}"“‘'(\[«]/u.test(following)) continue;
      if (notes.length === 0 && isAbbreviation(chunk, m.index, m[0])) continue;
    }
    if (notes.length > 0) state.lastNote = notes[0]!;
    pushSentence(out, text, paragraph, sentenceStart, end, spanEnd, notes);
    sentenceStart = spanEnd;
  }
  if (chunk.slice(sentenceStart).trim() !== '') {
    pushSentence(out, text, paragraph, sentenceStart, chunk.length, chunk.length, []);
  }
  return out;
}

function pushSentence(
  out: Sentence[],
  text: string,
  paragraph: Paragraph,
  from: number,
  end: number,
  spanEnd: number,
  notes: number[],
): void {
  let start = paragraph.start + from;
  while (start < paragraph.start + end && /\s/.test(text[start]!)) start++;
  const absEnd = paragraph.start + end;
  if (!LETTER.test(text.slice(start, absEnd))) return;
  out.push({ start, end: absEnd, spanEnd: paragraph.start + spanEnd, paragraph: paragraph.n, notes });
}

/** A period after an initial (`V. Putin`) or a known abbreviation (`St. Petersburg`) ends no sentence. */
function isAbbreviation(chunk: string, punctAt: number, punct: string): boolean {
  if (!punct.startsWith('.') || punct.length > 1) return false;
  const word = /([\p{L}.]+)$/u.exec(chunk.slice(Math.max(0, punctAt - 20), punctAt))?.[1] ?? '';
  if (/^\p{Lu}$/u.test(word)) return true;
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** The sentences inside `[passage.start, passage.end)` (a passage's), found by binary search (sentences are in order). */
export function sentencesWithin(sentences: readonly Sentence[], passage: { start: number; end: number }): Sentence[] {
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid]!.start < passage.start) lo = mid + 1;
    else hi = mid;
  }
  const inside: Sentence[] = [];
  for (let i = lo; i < sentences.length && sentences[i]!.start < passage.end; i++) if (sentences[i]!.end <= passage.end) inside.push(sentences[i]!);
  return inside;
}
