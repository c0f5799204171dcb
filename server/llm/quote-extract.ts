/**
 * Finds the quotations in a language model's answer and the `[n]` markers attached to them.
 */

/** A quotation found in an answer and the `[n]` markers attached to it. */
export interface QuotedSpan {
  /** The quoted text as the model wrote it, without the outer quote marks. */
  quote: string;
  /** `answer.slice(answerStart, answerEnd) === quote` */
  answerStart: number;
  answerEnd: number;
  /** Marker numbers right after the closing quote mark, in order, without repeats; `[]` when none. */
  markers: number[];
}

/** A half-open range of offsets. */
export interface Span {
  start: number;
  end: number;
}

type Family = 'straight' | 'curly';

interface Opener {
  at: number;
  family: Family;
}

interface ScannedQuote extends QuotedSpan {
  /** Where the marker group after the quote ends, so markers can be told apart from stray ones. */
  markerSpans: Span[];
}

/** `[3]`, `[1, 2]`, `[ 4 ]`. Ranges such as `[1-3]` are not markers. */
const MARKER = /\[\s*\d+(?:\s*,\s*\d+)*\s*\]/g;
/**
 * What may stand between a closing quote mark and its markers: a footnote number glued to the mark
 * (`Region.”7 [1]`, copied from the source), spaces and one punctuation mark.
 */
const BEFORE_MARKER = /\d{0,3}[ \t]*[,.;:!?]?[ \t]*/y;
const MARKER_AT = /\[\s*\d+(?:\s*,\s*\d+)*\s*\]/y;
const OPENING_CONTEXT = /[\s([{:\u2014\u2013\-/\u201C\u2018]/;
export const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Finds every quotation in an answer, with the markers that follow it.
 *
 * Handled: “curly” and "straight" double quotes; quotes nested inside a quote, in any mix of the
 * two kinds (a straight `"` counts as opening when it follows a space, bracket, dash or colon and
 * precedes a non-space, otherwise as closing); apostrophes (`Russia’s`), which never delimit
 * anything; markers as `[1]`, `[1][2]`, `[1] [2]` or `[1, 2]`, after optional spaces, one
 * punctuation mark and a footnote number glued to the closing mark (`Region.”7 [1]`). A closing
 * mark followed by markers closes the outermost open quote of its kind, so a forgotten inner
 * closing mark does not swallow the rest of the answer. A closing mark without markers that would
 * end the quote is taken as an inner one when the next quote mark on the line closes too: a quote
 * that starts inside one of the source's own quotations keeps its stray inner closer
 * (`a “regional association” that would resolve issues.” [1]`).
 * ‘Single curly’ quotes count only when their closing `’` is followed by markers, since `’` is
 * also the apostrophe.
 *
 * Not handled: straight quotes nested in straight quotes where the inner opening mark is glued to
 * a word; 'straight single' quotes; markers before the quote; marker ranges (`[1-3]`); quotes that
 * span lines (a line break drops any quote still open).
 *
 * @example
 * extractQuotes('It began in “Kuala Lumpur, Malaysia, in 2005.” [1][2]')
 * // → [{ quote: 'Kuala Lumpur, Malaysia, in 2005.', answerStart: 13, answerEnd: 45, markers: [1, 2] }]
 */
export function extractQuotes(answer: string): QuotedSpan[] {
  return scanQuotes(answer).map(({ quote, answerStart, answerEnd, markers }) => ({ quote, answerStart, answerEnd, markers }));
}

/**
 * Marker numbers standing in the answer but attached to no quotation, in order of first
 * appearance: claims the model cited without quoting, which cannot be checked.
 */
export function markersWithoutQuotes(answer: string): number[] {
  const attached = scanQuotes(answer).flatMap((q) => q.markerSpans);
  const out: number[] = [];
  for (const m of answer.matchAll(MARKER)) {
    if (attached.some((s) => s.start === m.index)) continue;
    for (const n of numbersIn(m[0])) if (!out.includes(n)) out.push(n);
  }
  return out;
}

function scanQuotes(answer: string): ScannedQuote[] {
  const found = scanDoubleQuotes(answer);
  found.push(...scanSingleQuotes(answer, found));
  return found.sort((a, b) => a.answerStart - b.answerStart);
}

function scanDoubleQuotes(answer: string): ScannedQuote[] {
  const out: ScannedQuote[] = [];
  let stack: Opener[] = [];
  for (let i = 0; i < answer.length; i++) {
    const ch = answer[i]!;
    if (ch === '\n') {
      stack = [];
      continue;
    }
    const mark = quoteMarkAt(answer, i);
    if (!mark) continue;
    if (mark.opens) {
      stack.push({ at: i, family: mark.family });
      continue;
    }
    if (stack.length === 0) continue;
    const markers = markersAfter(answer, i + 1);
    if (markers) {
      // Markers end the quotation for certain: close the outermost open quote of the same kind.
      const opener = stack.find((o) => o.family === mark.family) ?? stack[0]!;
      pushQuote(out, answer, opener.at + 1, i, markers.numbers, markers.spans);
      stack = [];
      i = markers.end - 1;
      continue;
    }
    const opener = stack.pop()!;
    if (stack.length > 0) continue;
    if (nextMarkOnLineCloses(answer, i + 1)) {
      // A stray inner closing mark: the quotation goes on to the next closing mark.
      stack.push(opener);
      continue;
    }
    pushQuote(out, answer, opener.at + 1, i, [], []);
  }
  return out;
}

/** `‘…’ [n]` outside any double-quoted span; the closing `’` must not be followed by a letter. */
function scanSingleQuotes(answer: string, doubles: readonly ScannedQuote[]): ScannedQuote[] {
  const out: ScannedQuote[] = [];
  const inside = (i: number): boolean => doubles.some((q) => i >= q.answerStart - 1 && i <= q.answerEnd);
  for (let i = answer.indexOf('\u2018'); i >= 0; i = answer.indexOf('\u2018', i + 1)) {
    if (inside(i) || (i > 0 && !OPENING_CONTEXT.test(answer[i - 1]!))) continue;
    for (let j = i + 1; j < answer.length && answer[j] !== '\n'; j++) {
      if (answer[j] !== '\u2019' || WORD_CHAR.test(answer[j + 1] ?? '')) continue;
      const markers = markersAfter(answer, j + 1);
      if (!markers) continue;
      if (!inside(j)) pushQuote(out, answer, i + 1, j, markers.numbers, markers.spans);
      i = markers.end - 1;
      break;
    }
  }
  return out;
}

function quoteMarkAt(answer: string, i: number): { family: Family; opens: boolean } | undefined {
  const ch = answer[i];
  if (ch === '\u201C') return { family: 'curly', opens: true };
  if (ch === '\u201D') return { family: 'curly', opens: false };
  if (ch !== '"') return undefined;
  const before = answer[i - 1];
  const after = answer[i + 1];
  const opens = (before === undefined || OPENING_CONTEXT.test(before)) && after !== undefined && !/\s/.test(after);
  return { family: 'straight', opens };
}

function nextMarkOnLineCloses(answer: string, from: number): boolean {
  for (let i = from; i < answer.length && answer[i] !== '\n'; i++) {
    const mark = quoteMarkAt(answer, i);
    if (mark) return !mark.opens;
  }
  return false;
}

function markersAfter(answer: string, at: number): { numbers: number[]; spans: Span[]; end: number } | undefined {
  BEFORE_MARKER.lastIndex = at;
  BEFORE_MARKER.exec(answer);
  let pos = BEFORE_MARKER.lastIndex;
  const numbers: number[] = [];
  const spans: Span[] = [];
  for (;;) {
    MARKER_AT.lastIndex = pos;
    const m = MARKER_AT.exec(answer);
    if (!m) break;
    spans.push({ start: m.index, end: m.index + m[0].length });
    for (const n of numbersIn(m[0])) if (!numbers.includes(n)) numbers.push(n);
    pos = m.index + m[0].length;
    while (answer[pos] === ' ' && answer[pos + 1] === '[') pos++;
  }
  return spans.length > 0 ? { numbers, spans, end: spans[spans.length - 1]!.end } : undefined;
}

function numbersIn(marker: string): number[] {
  return (marker.match(/\d+/g) ?? []).map(Number);
}

function pushQuote(out: ScannedQuote[], answer: string, from: number, to: number, markers: number[], markerSpans: Span[]): void {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(answer[start]!)) start++;
  while (end > start && /\s/.test(answer[end - 1]!)) end--;
  if (end <= start) return;
  out.push({ quote: answer.slice(start, end), answerStart: start, answerEnd: end, markers, markerSpans });
}
