import type { Citation } from '../types';

/** The parts of the server's audit records the audit page reads (see server/audit/audit-record.ts). */
export type Support = 'supported' | 'partial' | 'unsupported' | 'abstained';
export type Rating = 'up' | 'down';

/** A row of `GET /api/audit`. */
export interface AuditSummary {
  id: string;
  createdAt: string;
  origin: string;
  question: string;
  answer: string;
  abstained: boolean;
  support: Support;
  mode: 'extractive' | 'llm';
  citations: number;
  unverifiedCitations: number;
  rating: Rating | null;
}

export interface AuditPage {
  items: AuditSummary[];
  nextCursor: string | null;
}

export interface AnswerFeedback {
  rating: Rating;
  comment?: string;
  at: string;
}

export interface CitationFeedback {
  n: number;
  supports: boolean;
  comment?: string;
  at: string;
}

export interface AuditPassage {
  id: string;
  documentId: string;
  rank: number;
  score: number;
  dense: number | null;
  lexical: number | null;
  start: number;
  end: number;
  text: string;
}

/** `GET /api/audit/:id`: everything one answer was based on. */
export interface AuditEntry {
  id: string;
  createdAt: string;
  origin: string;
  apiKeyId: string | null;
  question: string;
  history: Array<{ role: 'user' | 'assistant'; content: string }>;
  standaloneQuestion: string;
  answer: string;
  abstained: boolean;
  support: Support;
  groundedness: number;
  mode: 'extractive' | 'llm';
  model: string | null;
  fallbackReason: string | null;
  embedder: string;
  manifestChecksum: string;
  documentChecksums: Record<string, string>;
  passages: AuditPassage[];
  citations: Citation[];
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
  feedback: AnswerFeedback | null;
  citationFeedback: CitationFeedback[];
}

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
