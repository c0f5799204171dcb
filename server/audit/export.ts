import type { AuditEntry } from './audit-record.js';
import { csvRecord, type CsvValue } from './csv.js';
import { put, type TextSink } from './text-sink.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Joins an answer's passages into the one `contexts` cell of a CSV row. */
export const CSV_CONTEXT_SEPARATOR = ' ||| ';

/**
 * One answer as evaluation tools read it. `question`, `answer` and `contexts` are the names
 * RAGAS-style evaluators expect (`contexts`: the retrieved passage texts, best first); there is
 * no `ground_truth`, since nobody wrote reference answers. The rest is ours, in the same
 * snake_case, so a dataset loader sees one naming style.
 */
export interface ExportRow {
  id: string;
  created_at: string;
  question: string;
  answer: string;
  contexts: string[];
  standalone_question: string;
  citations: Array<{ n: number; document_id: string; quote: string; start: number; end: number; verified: boolean }>;
  abstained: boolean;
  support: AuditEntry['support'];
  groundedness: number;
  mode: AuditEntry['mode'];
  model: string | null;
  embedder: string;
  manifest_checksum: string;
  feedback: AuditEntry['feedback'];
  citation_feedback: AuditEntry['citationFeedback'];
}

function contextsOf(entry: AuditEntry): string[] {
  return [...entry.passages].sort((a, b) => a.rank - b.rank).map((p) => p.text);
}

export function exportRow(entry: AuditEntry): ExportRow {
  return {
    id: entry.id,
    created_at: entry.createdAt,
    question: entry.question,
    answer: entry.answer,
    contexts: contextsOf(entry),
    standalone_question: entry.standaloneQuestion,
    citations: entry.citations.map((c) => ({ n: c.n, document_id: c.documentId, quote: c.quote, start: c.start, end: c.end, verified: c.verified })),
    abstained: entry.abstained,
    support: entry.support,
    groundedness: entry.groundedness,
    mode: entry.mode,
    model: entry.model,
    embedder: entry.embedder,
    manifest_checksum: entry.manifestChecksum,
    feedback: entry.feedback,
    citation_feedback: entry.citationFeedback,
  };
}

/** The CSV header; one flat row per answer, for spreadsheets rather than evaluators. */
export const CSV_COLUMNS = [
  'id',
  'created_at',
  'question',
  'answer',
  'abstained',
  'support',
  'groundedness',
  'mode',
  'model',
  'citations',
  'unverified',
  'rating',
  'feedback_comment',
  'contexts',
] as const;

export function csvValues(entry: AuditEntry): CsvValue[] {
  return [
    entry.id,
    entry.createdAt,
    entry.question,
    entry.answer,
    entry.abstained,
    entry.support,
    entry.groundedness,
    entry.mode,
    entry.model,
    entry.citations.length,
    entry.citations.filter((c) => !c.verified).length,
    entry.feedback?.rating ?? null,
    entry.feedback?.comment ?? null,
    contextsOf(entry).join(CSV_CONTEXT_SEPARATOR),
  ];
}

/**
 * Writes every entry in the chosen format, one row at a time, as the store yields them.
 *
 * @returns how many answers were written.
 */
export async function writeExport(entries: AsyncIterable<AuditEntry>, format: ExportFormat, out: TextSink): Promise<number> {
  let count = 0;
  if (format === 'csv') await put(out, csvRecord(CSV_COLUMNS));
  for await (const entry of entries) {
    await put(out, format === 'csv' ? csvRecord(csvValues(entry)) : `${JSON.stringify(exportRow(entry))}\n`);
    count++;
  }
  return count;
}
