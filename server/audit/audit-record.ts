import type { AnswerRecord, Support } from '../answer-record.js';
import type { Citation } from '../citations.js';
import type { Turn } from '../followup.js';

/** Which door an answer went out of. */
export type Origin = 'api/ask' | 'api/chat' | 'v1/chat/completions' | 'cli';

/** Feedback on a whole answer. */
export interface AnswerFeedback {
  rating: 'up' | 'down';
  comment?: string;
  at: string;
}

/** Feedback on one citation: does its quote support the claim it is attached to? */
export interface CitationFeedback {
  n: number;
  supports: boolean;
  comment?: string;
  at: string;
}

/**
 * Everything an answer was based on, kept so it can be audited later: what was asked (and the
 * conversation before it), what was searched, what came back and with which scores, what was
 * answered and quoted, and which index and documents (by checksum) it all came from.
 */
export interface AuditEntry {
  id: string;
  createdAt: string;
  origin: Origin;
  /** Id of the API key the client used, never the key itself; null without keys. */
  apiKeyId: string | null;
  question: string;
  history: Turn[];
  standaloneQuestion: string;
  answer: string;
  abstained: boolean;
  support: Support;
  groundedness: number;
  mode: AnswerRecord['mode'];
  model: string | null;
  fallbackReason: string | null;
  embedder: string;
  manifestChecksum: string;
  documentChecksums: Record<string, string>;
  passages: Array<{ id: string; documentId: string; rank: number; score: number; dense: number | null; lexical: number | null; start: number; end: number; text: string }>;
  citations: Citation[];
  timings: AnswerRecord['timings'];
  feedback: AnswerFeedback | null;
  citationFeedback: CitationFeedback[];
}

/** Builds the entry for an answer just given. */
export function auditEntryFor(
  record: AnswerRecord,
  context: { origin: Origin; apiKeyId: string | null; history: Turn[]; embedder: string; manifestChecksum: string; documentChecksums: Record<string, string> },
): AuditEntry {
  return {
    id: record.id,
    createdAt: new Date().toISOString(),
    origin: context.origin,
    apiKeyId: context.apiKeyId,
    question: record.question,
    history: context.history,
    standaloneQuestion: record.standaloneQuestion,
    answer: record.answer,
    abstained: record.abstained,
    support: record.support,
    groundedness: record.groundedness,
    mode: record.mode,
    model: record.model,
    fallbackReason: record.fallbackReason ?? null,
    embedder: context.embedder,
    manifestChecksum: context.manifestChecksum,
    documentChecksums: context.documentChecksums,
    passages: record.passages.map(({ id, documentId, rank, score, dense, lexical, start, end, text }) => ({ id, documentId, rank, score, dense, lexical, start, end, text })),
    citations: record.citations,
    timings: record.timings,
    feedback: null,
    citationFeedback: [],
  };
}
