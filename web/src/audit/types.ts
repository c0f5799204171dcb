export type { AnswerFeedback, AuditEntry, AuditPage, AuditSummary, CitationFeedback, Support } from '../../../server/api-types';
import type { Support } from '../../../server/api-types';

export type Rating = 'up' | 'down';

export type VerifyReason = 'verbatim' | 'moved' | 'not-in-document' | 'unknown-document';

/** `POST /api/verify`: each citation checked against the documents as loaded now. */
export interface VerifyResult {
  results: Array<{ n: number; documentId: string; verified: boolean; reason: VerifyReason; start: number; end: number; quote: string; hint?: string }>;
  markersWithoutCitation: number[];
  citationsWithoutMarker: number[];
  /** The checksum of each cited document as the server has it now. */
  documents?: Record<string, { checksum: string }>;
}

/** The filters of the audit table, as the form and the URL hold them ('' = no filter). */
export interface AuditFilters {
  from: string;
  to: string;
  q: string;
  abstained: '' | 'true' | 'false';
  support: '' | Support;
  unverified: '' | 'true' | 'false';
  feedback: '' | 'up' | 'down' | 'any' | 'none';
}
