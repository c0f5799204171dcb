import type { SourceDocument } from '../../ingest/documents.js';
import type { Passage } from '../../ingest/passages.js';
import type { Citation } from '../citations.js';

/**
 * Checks a language model's quoted citations against the passages it was given.
 *
 * The model was told to back every claim with a verbatim quote followed by `[n]`, where `n` is the
 * 1-based position of a passage in its prompt. Nothing it writes is trusted: each quote is looked up
 * in the source, and a verified citation carries the source's own wording and offsets, never the
 * model's.
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

/**
 * A quote shorter than this (after trimming ellipses and end punctuation) is never located: a few
 * words such as “the Asia-Pacific” occur all over the article and prove nothing.
 */
export const MIN_QUOTE_CHARS = 12;
/** A quote with fewer words than this is never located, for the same reason. */
export const MIN_QUOTE_WORDS = 3;

// ---------------------------------------------------------------------------------------------
// Extracting quotations

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
const WORD_CHAR = /[\p{L}\p{N}]/u;
const WHITESPACE = /\s/;

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

// ---------------------------------------------------------------------------------------------
// Locating a quote in a source text

/** A text folded for comparison, with the offset in the original text of every folded character. */
interface Folded {
  text: string;
  origin: number[];
}

/** A source text prepared once for any number of look-ups. */
interface SearchText {
  plain: Folded;
  /** The same text with footnote markers left out, for quotes that drop them mid-quote. */
  withoutFootnotes: Folded | undefined;
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
 * or dropped. Not tolerated: any other difference, including an ellipsis inside the quote, a
 * changed digit, an added or missing word, or a quote starting or ending mid-word. Quotes shorter
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

function prepare(text: string, footnotes: readonly Span[]): SearchText {
  const sorted = [...footnotes].sort((a, b) => a.start - b.start);
  return {
    plain: fold(text, []),
    withoutFootnotes: sorted.length > 0 ? fold(text, sorted) : undefined,
    footnotes: sorted,
  };
}

const FOOTNOTE = /(?:\p{L}{2}[.!?\u2026]+["'\u201D\u2019)\]]*|[.!?\u2026]["'\u201D\u2019)\]]+)(\d{1,3})(?=\s|$)/gu;

function footnotesIn(text: string): Span[] {
  return [...text.matchAll(FOOTNOTE)].map((m) => {
    const end = m.index + m[0].length;
    return { start: end - m[1]!.length, end };
  });
}

const FOLD: Record<string, string> = {
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u00AB': '"', '\u00BB': '"', '\u2033': '"',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '`': "'", '\u00B4': "'", '\u2032': "'",
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...',
};

/** Folds quote marks, dashes, ellipses, whitespace and case; `skips` (sorted) are left out. */
function fold(text: string, skips: readonly Span[]): Folded {
  // Pieces are joined once at the end: appending to a string and reading it back in the loop
  // would flatten it on every character and make folding quadratic.
  const pieces: string[] = [];
  const origin: number[] = [];
  let afterSpace = false;
  let skip = 0;
  for (let i = 0; i < text.length; i++) {
    while (skip < skips.length && skips[skip]!.end <= i) skip++;
    const s = skips[skip];
    if (s && s.start <= i) {
      i = s.end - 1;
      continue;
    }
    const ch = text[i]!;
    if (WHITESPACE.test(ch)) {
      if (afterSpace) continue;
      afterSpace = true;
      pieces.push(' ');
      origin.push(i);
      continue;
    }
    afterSpace = false;
    const lower = ch.toLowerCase();
    const folded = FOLD[ch] ?? (lower.length === 1 ? lower : ch);
    pieces.push(folded);
    for (let k = 0; k < folded.length; k++) origin.push(i);
  }
  return { text: pieces.join(''), origin };
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

function findIn(search: SearchText, quote: string): Span | undefined {
  const { core, head, tail } = coreOf(quote);
  if (isTooShort(core)) return undefined;
  for (const folded of [search.plain, search.withoutFootnotes]) {
    if (!folded) continue;
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

// ---------------------------------------------------------------------------------------------
// Verifying an answer

/**
 * Checks every quotation in a model's answer against the passages it was shown (`[n]` is
 * `passages[n - 1]`), one citation per quote and marker, in answer order.
 *
 * - Marker with no passage: `verified: false, reason: 'no-such-passage'`, not searched further.
 * - Found in passage n: verified; `quote`, `start`, `end` are the document's own wording and offsets.
 * - Found in another given passage: verified, `reason: 'other-passage'`, that passage's id.
 * - Found nowhere: `verified: false, reason: 'not-found'`, the model's quote, `start = end = -1`.
 * - A quote with no marker gives one citation with `n: 0`, searched in every passage; when found it
 *   carries `reason: 'other-passage'`, because no marker pointed there, so a verified citation
 *   without a reason always means "the passage its marker named holds the quote".
 *
 * `answerStart`/`answerEnd` locate the model's quote in the answer; its wording may differ from
 * the source's in the ways {@link locateQuote} tolerates.
 */
export function verifyQuotes(
  answer: string,
  passages: readonly Passage[],
  documents: ReadonlyMap<string, SourceDocument>,
): Citation[] {
  const searches = new Map<number, SearchText>();
  const locate = (index: number, quote: string): Span | undefined => {
    const passage = passages[index]!;
    let search = searches.get(index);
    if (!search) {
      search = prepare(passage.text, footnotesOf(documentOf(passage, documents), passage));
      searches.set(index, search);
    }
    return findIn(search, quote);
  };
  const findAnywhere = (quote: string, except: number): { index: number; span: Span } | undefined => {
    for (let index = 0; index < passages.length; index++) {
      if (index === except) continue;
      const span = locate(index, quote);
      if (span) return { index, span };
    }
    return undefined;
  };

  const citations: Citation[] = [];
  for (const q of extractQuotes(answer)) {
    const base = { quote: q.quote, answerStart: q.answerStart, answerEnd: q.answerEnd };
    if (q.markers.length === 0) {
      const hit = findAnywhere(q.quote, -1);
      citations.push(hit ? found(0, base, passages[hit.index]!, hit.span, documents, 'other-passage') : unfound(0, base, undefined, 'not-found'));
      continue;
    }
    for (const n of q.markers) {
      const passage = passages[n - 1];
      if (n < 1 || !passage) {
        citations.push(unfound(n, base, undefined, 'no-such-passage'));
        continue;
      }
      const own = locate(n - 1, q.quote);
      if (own) {
        citations.push(found(n, base, passage, own, documents));
        continue;
      }
      const hit = findAnywhere(q.quote, n - 1);
      citations.push(hit ? found(n, base, passages[hit.index]!, hit.span, documents, 'other-passage') : unfound(n, base, passage, 'not-found'));
    }
  }
  return citations;
}

type AnswerPart = Pick<Citation, 'quote' | 'answerStart' | 'answerEnd'>;

function found(
  n: number,
  base: AnswerPart,
  passage: Passage,
  local: Span,
  documents: ReadonlyMap<string, SourceDocument>,
  reason?: 'other-passage',
): Citation {
  const doc = documentOf(passage, documents);
  const start = passage.start + local.start;
  const end = passage.start + local.end;
  const overlapped = doc.sentences.filter((s) => s.start < end && start < s.spanEnd);
  const holder = doc.sentences.filter((s) => s.start <= start).pop() ?? overlapped[0];
  const noteNumbers = [...new Set(overlapped.flatMap((s) => s.notes))];
  return {
    n,
    documentId: doc.id,
    passageId: passage.id,
    quote: doc.text.slice(start, end),
    start,
    end,
    answerStart: base.answerStart,
    answerEnd: base.answerEnd,
    paragraph: holder?.paragraph ?? 0,
    notes: noteNumbers.map((k) => ({ n: k, text: doc.notes.find((note) => note.n === k)?.text ?? '' })),
    verified: true,
    ...(reason ? { reason } : {}),
  };
}

function unfound(n: number, base: AnswerPart, passage: Passage | undefined, reason: 'not-found' | 'no-such-passage'): Citation {
  return {
    n,
    documentId: passage?.documentId ?? '',
    passageId: passage?.id ?? '',
    ...base,
    start: -1,
    end: -1,
    paragraph: 0,
    notes: [],
    verified: false,
    reason,
  };
}

function documentOf(passage: Passage, documents: ReadonlyMap<string, SourceDocument>): SourceDocument {
  const doc = documents.get(passage.documentId);
  if (!doc) {
    throw new Error(`passage ${passage.id} belongs to document ${passage.documentId}, which is not among the ${documents.size} loaded documents`);
  }
  return doc;
}

/** The footnote markers inside a passage, from the document's own segmentation, as passage offsets. */
function footnotesOf(doc: SourceDocument, passage: Passage): Span[] {
  return doc.sentences
    .filter((s) => s.spanEnd > s.end && s.end >= passage.start && s.spanEnd <= passage.end)
    .map((s) => ({ start: s.end - passage.start, end: s.spanEnd - passage.start }));
}
