import { verifyCitation, type DocumentsById, type NEAR_MISS_HINT } from '../verify.js';
import type { AuditEntry } from './audit-record.js';

/**
 * What became of one stored citation when checked against the documents as they are now.
 *
 * - `verbatim`: still at the offsets the answer gave.
 * - `moved`: still in the document, but elsewhere (the text before it changed); links and
 *   highlights made from the stored offsets now point at the wrong words.
 * - `gone`: no longer in the document character for character.
 * - `unknown-document`: no current document has that id.
 * - `unverified-when-given`: the quote was already unverified when the answer was given (a
 *   language model's quote that was never found). It cannot drift, since it never held; it is
 *   reported apart so it is not mistaken for a document change.
 */
export type CitationStatus = 'verbatim' | 'moved' | 'gone' | 'unknown-document' | 'unverified-when-given';

/** One citation's re-check; offsets are `-1` where there are none. */
export interface CitationDrift {
  n: number;
  documentId: string;
  quote: string;
  status: CitationStatus;
  /** Where the answer said the quote was. */
  was: { start: number; end: number };
  /** Where the quote is now. */
  now: { start: number; end: number };
  /** Set when a gone quote would match after folding quote marks, whitespace and case. */
  hint?: typeof NEAR_MISS_HINT;
  /** Why the quote was unverified when the answer was given (only for `unverified-when-given`). */
  reasonWhenGiven?: string;
}

/** A document an answer drew on whose text is not the text the answer was given from. */
export interface ChangedDocument {
  documentId: string;
  /** sha256 recorded with the answer. */
  was: string;
  /** sha256 of the current text, or null when the document is no longer in the corpus. */
  now: string | null;
}

/** One stored answer re-checked. */
export interface AnswerDrift {
  id: string;
  createdAt: string;
  question: string;
  citations: CitationDrift[];
  changedDocuments: ChangedDocument[];
  /** The answer came from an index other than the current one (null: no current index to compare). */
  otherIndex: boolean | null;
  /** Any citation moved, gone or on an unknown document, or any document changed. */
  drifted: boolean;
}

/** The statuses that count as drift; `unverified-when-given` does not, it was visible from the start. */
const DRIFT: ReadonlySet<CitationStatus> = new Set(['moved', 'gone', 'unknown-document']);

/**
 * Re-checks a stored answer's citations against the current documents, strictly (see
 * `server/verify.ts`), and names the documents it drew on that changed since.
 *
 * Only the documents the answer retrieved or cited are compared: in a corpus of several
 * documents, an edit to one does not make every answer about the others suspect.
 *
 * @param currentManifest checksum of the current index's manifest, or null when there is none.
 */
export function driftOf(entry: AuditEntry, documents: DocumentsById, currentManifest: string | null): AnswerDrift {
  const citations = entry.citations.map((c): CitationDrift => {
    const check = verifyCitation(c, documents);
    const base = { n: c.n, documentId: c.documentId, quote: c.quote, was: { start: c.start, end: c.end }, now: { start: check.start, end: check.end } };
    if (!c.verified) return { ...base, status: 'unverified-when-given', reasonWhenGiven: c.reason ?? 'unknown' };
    switch (check.reason) {
      case 'verbatim':
      case 'moved':
      case 'unknown-document':
        return { ...base, status: check.reason };
      case 'not-in-document':
        return { ...base, status: 'gone', ...(check.hint ? { hint: check.hint } : {}) };
    }
  });
  const drawnOn = new Set([...entry.passages.map((p) => p.documentId), ...entry.citations.filter((c) => c.verified).map((c) => c.documentId)]);
  const changedDocuments: ChangedDocument[] = [];
  for (const documentId of [...drawnOn].sort()) {
    const was = entry.documentChecksums[documentId];
    if (was === undefined) continue; // nothing recorded to compare with
    const now = documents.get(documentId)?.checksum ?? null;
    if (now !== was) changedDocuments.push({ documentId, was, now });
  }
  return {
    id: entry.id,
    createdAt: entry.createdAt,
    question: entry.question,
    citations,
    changedDocuments,
    otherIndex: currentManifest === null ? null : entry.manifestChecksum !== currentManifest,
    drifted: changedDocuments.length > 0 || citations.some((c) => DRIFT.has(c.status)),
  };
}

/** Running totals over every answer checked. */
export interface DriftSummary {
  answers: number;
  citations: number;
  verbatim: number;
  moved: number;
  gone: number;
  unknownDocument: number;
  unverifiedWhenGiven: number;
  /** Distinct documents that changed under at least one answer. */
  documentsChanged: number;
  answersOnChangedDocuments: number;
  /** Answers with any drift. */
  answersDrifted: number;
  /** Answers given from another index than the current one. */
  answersFromOtherIndex: number;
}

/** Accumulates answers one at a time, so a long audit trail is never held in memory. */
export class DriftTally {
  private readonly counts: Omit<DriftSummary, 'documentsChanged'> = {
    answers: 0,
    citations: 0,
    verbatim: 0,
    moved: 0,
    gone: 0,
    unknownDocument: 0,
    unverifiedWhenGiven: 0,
    answersOnChangedDocuments: 0,
    answersDrifted: 0,
    answersFromOtherIndex: 0,
  };
  private readonly changed = new Set<string>();

  add(drift: AnswerDrift): void {
    const c = this.counts;
    c.answers++;
    c.citations += drift.citations.length;
    for (const { status } of drift.citations) {
      if (status === 'verbatim') c.verbatim++;
      else if (status === 'moved') c.moved++;
      else if (status === 'gone') c.gone++;
      else if (status === 'unknown-document') c.unknownDocument++;
      else c.unverifiedWhenGiven++;
    }
    for (const d of drift.changedDocuments) this.changed.add(d.documentId);
    if (drift.changedDocuments.length > 0) c.answersOnChangedDocuments++;
    if (drift.drifted) c.answersDrifted++;
    if (drift.otherIndex) c.answersFromOtherIndex++;
  }

  summary(): DriftSummary {
    return { ...this.counts, documentsChanged: this.changed.size };
  }
}
