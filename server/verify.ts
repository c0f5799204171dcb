import type { SourceDocument } from '../ingest/documents.js';

/**
 * Re-checks an answer's citations against the current documents, whoever wrote the answer.
 *
 * Strict on purpose: a citation holds only when its quote is in the document character for
 * character. The assistant's own quote locator (`server/llm/quote-locate.ts`) forgives curly
 * quotes, case and spacing because it is repairing a model's copy; an audit that forgave the same
 * things would pass a quote the reader cannot find with Ctrl-F. Near misses are flagged with a
 * {@link NEAR_MISS_HINT} instead, so an auditor still learns the quote was almost right.
 *
 * Pure and synchronous, so the HTTP route and a CLI re-verifying stored answers share it.
 */

/** The parts of a citation a check needs; our own `Citation` and `AnswerRecord` fit as they are. */
export interface CitationClaim {
  /** The `[n]` marker number in the answer; 0 for a quote that no marker points to. */
  n: number;
  documentId: string;
  quote: string;
  /** Claimed offsets, `document.text.slice(start, end) === quote`; -1 when the writer had none. */
  start: number;
  end: number;
}

/** An answer and the citations it claims. */
export interface AnswerClaim {
  answer: string;
  citations: readonly CitationClaim[];
}

/**
 * - `verbatim`: the quote is at the claimed offsets.
 * - `moved`: the quote is in the document, but elsewhere; `start`/`end` say where.
 * - `not-in-document`: the quote is not in the document character for character.
 * - `unknown-document`: no document has that id.
 */
export type VerifyReason = 'verbatim' | 'moved' | 'not-in-document' | 'unknown-document';

/** Attached to a `not-in-document` quote that would match after folding quote marks, whitespace and case. */
export const NEAR_MISS_HINT = 'differs only in quote marks/whitespace/case';

/** One citation's verdict. */
export interface CitationCheck {
  n: number;
  documentId: string;
  /** The quote is verbatim in the document (`verbatim` or `moved`); a moved quote's offsets are corrected. */
  verified: boolean;
  reason: VerifyReason;
  /** Where the quote is in the document, so `text.slice(start, end) === quote`; -1 when it is not there. */
  start: number;
  end: number;
  /** The quote as claimed, unchanged: the verdict is about exactly this text. */
  quote: string;
  hint?: typeof NEAR_MISS_HINT;
}

/** A whole answer's verdict. */
export interface AnswerCheck {
  results: CitationCheck[];
  /** `[n]` markers in the answer that no citation backs, ascending. */
  markersWithoutCitation: number[];
  /** Citation numbers (n > 0) whose `[n]` is nowhere in the answer, ascending. */
  citationsWithoutMarker: number[];
  /**
   * The checksum of every cited document that exists, so a stored verdict says which version of
   * the text it was made against and a later re-check can tell a changed document from a bad quote.
   */
  documents: Record<string, { checksum: string }>;
  /** ISO 8601. */
  verifiedAt: string;
}

/** What a check reads from a document; a loaded index's `SourceDocument`s fit as they are. */
export type VerifiableDocument = Pick<SourceDocument, 'text' | 'checksum'>;
export type DocumentsById = ReadonlyMap<string, VerifiableDocument>;

/**
 * Checks one citation against the documents.
 *
 * An empty quote is never verified: it is "found" at every offset and proves nothing. Claimed
 * offsets outside the text (including the `-1` of an unlocated quote) are not "at the offsets",
 * even though `String.prototype.slice` would read negative ones from the end. When a moved quote
 * occurs several times, the occurrence nearest the claimed start wins (the earlier one on a tie),
 * since that is most likely the passage the writer meant.
 *
 * @example
 * const documents = new Map([['a', { text: 'Trade reached $17.5 billion in 2013.', checksum: '…' }]]);
 * verifyCitation({ n: 1, documentId: 'a', quote: '$17.5 billion', start: 0, end: 13 }, documents)
 * // → { n: 1, documentId: 'a', verified: true, reason: 'moved', start: 14, end: 27, quote: '$17.5 billion' }
 */
export function verifyCitation(citation: CitationClaim, documents: DocumentsById): CitationCheck {
  const { n, documentId, quote } = citation;
  const doc = documents.get(documentId);
  if (!doc) return { n, documentId, verified: false, reason: 'unknown-document', start: -1, end: -1, quote };
  if (quote.length > 0) {
    if (isAt(doc.text, quote, citation.start, citation.end)) {
      return { n, documentId, verified: true, reason: 'verbatim', start: citation.start, end: citation.end, quote };
    }
    const at = nearestOccurrence(doc.text, quote, citation.start);
    if (at !== undefined) return { n, documentId, verified: true, reason: 'moved', start: at, end: at + quote.length, quote };
  }
  const check: CitationCheck = { n, documentId, verified: false, reason: 'not-in-document', start: -1, end: -1, quote };
  if (isNearMiss(doc, quote)) check.hint = NEAR_MISS_HINT;
  return check;
}

/**
 * Checks every citation of an answer, and that markers and citations match up.
 *
 * @param now when the check ran; tests and a CLI replaying stored answers pass their own.
 */
export function verifyAnswer(claim: AnswerClaim, documents: DocumentsById, now: Date = new Date()): AnswerCheck {
  const results = claim.citations.map((c) => verifyCitation(c, documents));
  const markers = markersIn(claim.answer);
  const cited = new Set(claim.citations.map((c) => c.n));
  const consulted: Record<string, { checksum: string }> = {};
  for (const { documentId } of claim.citations) {
    const doc = documents.get(documentId);
    if (doc) consulted[documentId] = { checksum: doc.checksum };
  }
  return {
    results,
    markersWithoutCitation: [...markers].filter((m) => !cited.has(m)).sort(ascending),
    citationsWithoutMarker: [...cited].filter((n) => n > 0 && !markers.has(n)).sort(ascending),
    documents: consulted,
    verifiedAt: now.toISOString(),
  };
}

/** `[3]`, `[ 3 ]` and `[1, 2]` (the grammar the answer writers use); ranges such as `[1-3]` are not markers. */
const MARKER = /\[\s*\d+(?:\s*,\s*\d+)*\s*\]/g;

/** Every marker number standing in the answer. */
export function markersIn(answer: string): Set<number> {
  const out = new Set<number>();
  for (const m of answer.matchAll(MARKER)) for (const digits of m[0].match(/\d+/g) ?? []) out.add(Number(digits));
  return out;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function isAt(text: string, quote: string, start: number, end: number): boolean {
  return start >= 0 && end <= text.length && end - start === quote.length && text.startsWith(quote, start);
}

function nearestOccurrence(text: string, quote: string, near: number): number | undefined {
  let best: number | undefined;
  // Step by one, not by the quote's length: overlapping occurrences are occurrences too.
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at;
    if (at > near) break; // every later occurrence is farther away
  }
  return best;
}

/** Curly and other typographic quote marks and apostrophes, folded to their straight forms. */
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032`\u00B4]/g;

function foldForHint(text: string): string {
  return text.replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'").replace(/\s+/g, ' ').toLowerCase();
}

// Folded once per document text and reused, since a wrong answer may carry up to a hundred near misses.
const folded = new WeakMap<VerifiableDocument, string>();

function isNearMiss(doc: VerifiableDocument, quote: string): boolean {
  const needle = foldForHint(quote).trim();
  if (needle.length === 0) return false;
  let haystack = folded.get(doc);
  if (haystack === undefined) {
    haystack = foldForHint(doc.text);
    folded.set(doc, haystack);
  }
  return haystack.includes(needle);
}
