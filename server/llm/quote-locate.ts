import { WORD_CHAR, type Span } from './quote-extract.js';

/**
 * Locates a quote in a source text, tolerant of the ways a faithful copy may differ (quote marks,
 * case, spacing, a dropped final period, footnote digits) and of nothing else.
 */

/**
 * A quote shorter than this (after trimming ellipses and end punctuation) is never located: a few
 * words such as “the Asia-Pacific” occur all over the article and prove nothing.
 */
export const MIN_QUOTE_CHARS = 12;
/** A quote with fewer words than this is never located, for the same reason. */
export const MIN_QUOTE_WORDS = 3;

/** A text folded for comparison, with the offset in the original text of every folded character. */
interface Folded {
  text: string;
  origin: Int32Array;
}

/** A source text prepared once for any number of look-ups (see {@link prepare} and {@link findIn}). */
export interface SearchText {
  original: string;
  plain: Folded;
  /** The same text with footnote markers left out, for quotes that drop them mid-quote; folded on first use. */
  withoutFootnotes?: Folded;
  footnotes: readonly Span[];
}

export interface LocateOptions {
  /**
   * Footnote markers in `text` (`7` in `Region.”7`), as offsets into `text`. A quote may drop them
   * and a located span never ends on one. Defaults to digits glued after a word's closing
   * punctuation and followed by a space (`Region.”7 In`, `forestry.5`), never after a number
   * (`$2.3`).
   */
  footnotes?: readonly Span[];
}

/**
 * Finds `quote` in `text` and returns the exact offsets of the matching span, so that
 * `text.slice(start, end)` is the source's own wording.
 *
 * Tolerated: curly versus straight quote marks and apostrophes, en and em dashes versus hyphens,
 * `…` versus `...`, runs of whitespace, letter case, ellipses at either end of the quote, a
 * dropped or changed final punctuation mark (the span then ends before it), footnote markers kept
 * or dropped. Not tolerated: any other difference, including an ellipsis or a bracketed insertion
 * inside the quote, a changed digit, an added or missing word, or a quote starting or ending
 * mid-word. The first occurrence wins when the quote occurs more than once. Quotes shorter
 * than {@link MIN_QUOTE_CHARS} characters or {@link MIN_QUOTE_WORDS} words are not located.
 *
 * Folding the text is one pass and the search is `indexOf` on the folded copy, so the cost is
 * linear in the text's length for all practical purposes.
 *
 * @example
 * locateQuote('the first russia-asean summit, held on December 13', text)
 * // → { start, end } with text.slice(start, end) === 'the first Russia-ASEAN Summit, held on December 13'
 */
export function locateQuote(quote: string, text: string, options: LocateOptions = {}): Span | undefined {
  return findIn(prepare(text, options.footnotes ?? footnotesIn(text)), quote);
}

export function prepare(text: string, footnotes: readonly Span[]): SearchText {
  return { original: text, plain: fold(text, []), footnotes: [...footnotes].sort((a, b) => a.start - b.start) };
}

/** The folded copies to search, in order: as written, then without footnote markers (if any). */
function* foldedCopies(search: SearchText): Generator<Folded> {
  yield search.plain;
  if (search.footnotes.length === 0) return;
  search.withoutFootnotes ??= fold(search.original, search.footnotes);
  yield search.withoutFootnotes;
}

const FOOTNOTE = /(?:\p{L}{2}[.!?\u2026]+["'\u201D\u2019)\]]*|[.!?\u2026]["'\u201D\u2019)\]]+)(\d{1,3})(?=\s|$)/gu;

function footnotesIn(text: string): Span[] {
  return [...text.matchAll(FOOTNOTE)].map((m) => {
    const end = m.index + m[0].length;
    return { start: end - m[1]!.length, end };
  });
}

/** Characters folded to a plain equivalent, by code: quote marks, apostrophes, dashes, ellipsis. */
const FOLD = new Map<number, string>([
  ...[...'\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033'].map((c): [number, string] => [c.charCodeAt(0), '"']),
  ...[...'\u2018\u2019\u201A\u201B`\u00B4\u2032'].map((c): [number, string] => [c.charCodeAt(0), "'"]),
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212'].map((c): [number, string] => [c.charCodeAt(0), '-']),
  [0x2026, '...'],
]);

/** Folds quote marks, dashes, ellipses, whitespace and case; `skips` (sorted) are left out. */
function fold(text: string, skips: readonly Span[]): Folded {
  // Lower-casing the whole text at once is much cheaper than per character; it is only usable
  // when no character changed length (`İ` does), which keeps offsets aligned.
  const whole = text.toLowerCase();
  const lower = whole.length === text.length ? whole : undefined;
  // Typed arrays sized for the worst case (every character an ellipsis) keep this one cheap pass.
  const codes = new Uint16Array(text.length * 3);
  const origin = new Int32Array(text.length * 3);
  let n = 0;
  let afterSpace = false;
  let skip = 0;
  for (let i = 0; i < text.length; i++) {
    while (skip < skips.length && skips[skip]!.end <= i) skip++;
    const s = skips[skip];
    if (s && s.start <= i) {
      i = s.end - 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      if (afterSpace) continue;
      afterSpace = true;
      codes[n] = 0x20;
      origin[n++] = i;
      continue;
    }
    afterSpace = false;
    const special = code >= 0x80 || code === 0x60 ? FOLD.get(code) : undefined;
    if (special === undefined) {
      codes[n] = lower ? lower.charCodeAt(i) : lowerCode(text[i]!);
      origin[n++] = i;
      continue;
    }
    for (let k = 0; k < special.length; k++) {
      codes[n] = special.charCodeAt(k);
      origin[n++] = i;
    }
  }
  return { text: stringOf(codes.subarray(0, n)), origin: origin.subarray(0, n) };
}

/** A character's lower-case code unit, or its own when lower-casing would change its length. */
function lowerCode(ch: string): number {
  const down = ch.toLowerCase();
  return (down.length === 1 ? down : ch).charCodeAt(0);
}

function stringOf(codes: Uint16Array): string {
  const parts: string[] = [];
  // In slices, because spreading a long array into fromCharCode overflows the call stack.
  for (let i = 0; i < codes.length; i += 8192) parts.push(String.fromCharCode(...codes.subarray(i, i + 8192)));
  return parts.join('');
}

/** The characters `\s` matches, by code. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** The part of a folded quote that must match, and the edges trimmed off it that may match too. */
interface QuoteCore {
  core: string;
  /** Quote marks trimmed from the start, in order. */
  head: string;
  /** Punctuation and quote marks trimmed from the end, in order. */
  tail: string;
}

const TRAILING_FOOTNOTE = /(?:\p{L}{2}[.!?]+["')\]]*|[.!?]["')\]]+)(\d{1,3})$/u;

function coreOf(quote: string): QuoteCore {
  let q = fold(quote, []).text.trim();
  let head = '';
  let tail = '';
  for (let changed = true; changed; ) {
    changed = false;
    if (q.startsWith('...')) [q, changed] = [q.slice(3), true];
    else if (/^["' ]/.test(q)) {
      if (q[0] !== ' ') head += q[0];
      [q, changed] = [q.slice(1), true];
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    const footnote = TRAILING_FOOTNOTE.exec(q);
    if (q.endsWith('...')) [q, changed] = [q.slice(0, -3), true];
    else if (footnote) [q, changed] = [q.slice(0, -footnote[1]!.length), true];
    else if (/[.,;:!?"') ]$/.test(q)) {
      if (!q.endsWith(' ')) tail = q.slice(-1) + tail;
      [q, changed] = [q.slice(0, -1), true];
    }
  }
  return { core: q, head, tail };
}

function isTooShort(core: string): boolean {
  const words = core.split(' ').filter((w) => WORD_CHAR.test(w));
  return core.length < MIN_QUOTE_CHARS || words.length < MIN_QUOTE_WORDS;
}

export function findIn(search: SearchText, quote: string): Span | undefined {
  const { core, head, tail } = coreOf(quote);
  if (isTooShort(core)) return undefined;
  for (const folded of foldedCopies(search)) {
    const at = matchAt(folded.text, core);
    if (at === undefined) continue;
    let start = at;
    let end = at + core.length;
    // Give back the edges the model kept where the source has them too.
    for (let k = head.length - 1; k >= 0 && folded.text[start - 1] === head[k]; k--) start--;
    for (let k = 0; k < tail.length && folded.text[end] === tail[k]; k++) end++;
    return clipFootnote({ start: folded.origin[start]!, end: folded.origin[end - 1]! + 1 }, search.footnotes);
  }
  return undefined;
}

/** The first occurrence that starts and ends on word boundaries, so `$17.5` never matches `$17.55`. */
function matchAt(text: string, core: string): number | undefined {
  for (let at = text.indexOf(core); at >= 0; at = text.indexOf(core, at + 1)) {
    const end = at + core.length;
    const cutsStart = WORD_CHAR.test(core[0]!) && WORD_CHAR.test(text[at - 1] ?? '');
    const cutsEnd = WORD_CHAR.test(core[core.length - 1]!) && WORD_CHAR.test(text[end] ?? '');
    if (!cutsStart && !cutsEnd) return at;
  }
  return undefined;
}

/** A span never ends on a footnote marker, even when the model copied it. */
function clipFootnote(span: Span, footnotes: readonly Span[]): Span {
  const hit = footnotes.find((f) => f.start < span.end && span.end <= f.end);
  return hit ? { start: span.start, end: hit.start } : span;
}
