import type { SourceDocument } from '../../ingest/documents.js';
import type { Passage } from '../../ingest/passages.js';
import type { Citation } from '../citations.js';
import { extractQuotes, type Span } from './quote-extract.js';
import { findIn, prepare, type SearchText } from './quote-locate.js';

export { extractQuotes, markersWithoutQuotes, type QuotedSpan, type Span } from './quote-extract.js';
export { locateQuote, MIN_QUOTE_CHARS, MIN_QUOTE_WORDS, type LocateOptions } from './quote-locate.js';

/**
 * Checks a language model's quoted citations against the passages it was given.
 *
 * The model was told to back every claim with a verbatim quote followed by `[n]`, where `n` is the
 * 1-based position of a passage in its prompt. Nothing it writes is trusted: each quote is looked up
 * in the source, and a verified citation carries the source's own wording and offsets, never the
 * model's.
 */

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
 * the source's in the ways {@link locateQuote} tolerates (quote marks, case, spacing, a dropped
 * final period), so `answer.slice(answerStart, answerEnd) === quote` holds only for a verbatim
 * copy. A caller that runs `assertCitations` must first put the source wording into the answer.
 *
 * Run on a partial answer while the model streams, a closed quote whose marker has not arrived yet
 * comes back as an `n: 0` citation; the same quote comes back with its marker on a later call.
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
