import type { AnswerRecord } from '../answer-record.js';
import type { Turn } from '../followup.js';
export type { AnswerFeedback, AuditEntry, CitationFeedback, Origin } from '../api-types.js';
import type { AuditEntry, Origin } from '../api-types.js';





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
    passages: record.passages.map(({ paragraphs: _paragraphs, ...kept }) => kept),
    citations: record.citations,
    cached: record.cached,
    timings: record.timings,
    feedback: null,
    citationFeedback: [],
  };
}
