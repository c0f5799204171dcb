import type { DocumentsById } from '../verify.js';
import type { AuditEntry } from './audit-record.js';
import { driftOf, DriftTally, type AnswerDrift, type CitationDrift, type DriftSummary } from './drift.js';
import { put, type TextSink } from './text-sink.js';

/** The index answers are compared with: its manifest checksum, or null when none is built. */
export interface CurrentIndex {
  manifestChecksum: string | null;
  vectorsDir: string;
}

const QUOTE_PREVIEW = 60;

function preview(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > QUOTE_PREVIEW ? `${flat.slice(0, QUOTE_PREVIEW - 1)}…` : flat);
}

function span(at: { start: number; end: number }): string {
  return at.start < 0 ? 'no offsets' : `${at.start}–${at.end}`;
}

function short(checksum: string | null): string {
  return checksum === null ? 'removed from the corpus' : checksum.slice(0, 12);
}

/** The line for a citation that needs attention, or undefined for a verbatim one. */
function citationLine(id: string, c: CitationDrift): string | undefined {
  const head = `${id} [${c.n}] ${c.documentId || '(no document)'}:`;
  switch (c.status) {
    case 'verbatim':
      return undefined;
    case 'moved':
      return `${head} moved ${span(c.was)} → ${span(c.now)} ${preview(c.quote)}`;
    case 'gone':
      return `${head} quote gone (was at ${span(c.was)}${c.hint ? `; ${c.hint}` : ''}) ${preview(c.quote)}`;
    case 'unknown-document':
      return `${head} unknown document ${preview(c.quote)}`;
    case 'unverified-when-given':
      return `${head} unverified when given (${c.reasonWhenGiven}) ${preview(c.quote)}`;
  }
}

/** One line per problem of an answer: citations first, in answer order, then changed documents. */
export function problemLines(drift: AnswerDrift): string[] {
  const lines = drift.citations.map((c) => citationLine(drift.id, c)).filter((l): l is string => l !== undefined);
  for (const d of drift.changedDocuments) {
    lines.push(`${drift.id} ${d.documentId}: document changed since the answer (sha256 ${short(d.was)} → ${short(d.now)})`);
  }
  return lines;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The closing line of the text report. */
export function summaryLine(s: DriftSummary): string {
  return (
    `checked ${plural(s.answers, 'answer')}, ${plural(s.citations, 'citation')}: ${s.verbatim} verbatim, ${s.moved} moved, ${s.gone} gone, ` +
    `${s.unknownDocument} unknown document, ${s.unverifiedWhenGiven} unverified when given; ` +
    `${plural(s.documentsChanged, 'document')} changed (under ${plural(s.answersOnChangedDocuments, 'answer')}); ` +
    `${plural(s.answersDrifted, 'answer')} drifted`
  );
}

function indexLine(index: CurrentIndex, s: DriftSummary): string | undefined {
  if (index.manifestChecksum === null) return `index: no current index in ${index.vectorsDir} to compare with (run npm run ingest)`;
  if (s.answersFromOtherIndex === 0) return undefined;
  return `index: ${s.answersFromOtherIndex} of ${plural(s.answers, 'answer')} came from another index than the current one (manifest ${short(index.manifestChecksum)}): it was rebuilt since`;
}

/**
 * Re-checks every entry and writes the report as it goes, so memory stays flat however long the
 * audit trail is. The text form is one line per problem and a summary; the JSON form is one
 * document, `{ index, answers: [...], summary }`, written incrementally but valid as a whole.
 *
 * @returns the totals, from which the caller derives the exit code.
 */
export async function writeDriftReport(
  entries: AsyncIterable<AuditEntry>,
  documents: DocumentsById,
  index: CurrentIndex,
  out: TextSink,
  format: 'text' | 'json',
): Promise<DriftSummary> {
  const tally = new DriftTally();
  let separator = '';
  if (format === 'json') await put(out, `{"index":${JSON.stringify({ manifestChecksum: index.manifestChecksum })},"answers":[`);
  for await (const entry of entries) {
    const drift = driftOf(entry, documents, index.manifestChecksum);
    if (format === 'json') {
      await put(out, `${separator}\n${JSON.stringify(drift)}`);
      separator = ',';
    }
    else for (const line of problemLines(drift)) await put(out, `${line}\n`);
    tally.add(drift);
  }
  const summary = tally.summary();
  if (format === 'json') {
    await put(out, `\n],"summary":${JSON.stringify({ ...summary, ok: summary.answersDrifted === 0 })}}\n`);
  } else {
    const note = indexLine(index, summary);
    if (note) await put(out, `${note}\n`);
    await put(out, `${summaryLine(summary)}\n`);
  }
  return summary;
}
