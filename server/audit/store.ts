import type { Support } from '../answer-record.js';
import type { AnswerFeedback, AuditEntry, CitationFeedback } from './audit-record.js';

/** Filters of `GET /api/audit`; all optional and combined with AND. */
export interface AuditQuery {
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
  from?: string;
  to?: string;
  /** Text to find in the question or the answer (case-insensitive). */
  text?: string;
  abstained?: boolean;
  support?: Support;
  /** Only answers with at least one unverified quote (true) or none (false). */
  unverified?: boolean;
  feedback?: 'up' | 'down' | 'any' | 'none';
}

/** A row of the audit list: enough to choose what to open. */
export interface AuditSummary {
  id: string;
  createdAt: string;
  origin: AuditEntry['origin'];
  question: string;
  answer: string;
  abstained: boolean;
  support: Support;
  mode: AuditEntry['mode'];
  citations: number;
  unverifiedCitations: number;
  rating: AnswerFeedback['rating'] | null;
}

export interface AuditPage {
  items: AuditSummary[];
  nextCursor: string | null;
}

/**
 * Where answers are recorded. SQLite behind this today; the interface is small so a PostgreSQL
 * store for several server replicas can replace it without touching the routes.
 */
export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  get(id: string): Promise<AuditEntry | undefined>;
  list(query: AuditQuery): Promise<AuditPage>;
  /** Whole-answer feedback; false when there is no such answer. */
  feedback(id: string, feedback: AnswerFeedback): Promise<boolean>;
  /** Per-citation feedback; false when there is no such answer (the caller checks `n`). */
  citationFeedback(id: string, feedback: CitationFeedback): Promise<boolean>;
  /** Every entry, oldest first, for re-verification and export. */
  all(options?: { since?: string }): AsyncIterable<AuditEntry>;
  close(): void;
}
