import type { Support } from '../answer-record.js';
import type { AnswerFeedback, AuditEntry, CitationFeedback } from './audit-record.js';
export type { AuditPage, AuditSummary } from '../api-types.js';
import type { AuditPage } from '../api-types.js';

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
