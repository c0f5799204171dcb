import type { Logger } from '../../ingest/embedder-settings.js';
import type { Assistant } from '../assistant.js';
import type { LoadedIndex } from '../index-store.js';
import { auditEntryFor } from './audit-record.js';
import type { AuditStore } from './store.js';

/** Counts of the audit trail, for logs and metrics. */
export interface AuditStats {
  recorded: number;
  failed: number;
}

export interface AuditedAssistant extends Assistant {
  readonly auditStats: AuditStats;
  /** Resolves when every record already handed over has been written (or has failed). */
  flush(): Promise<void>;
}

/**
 * Wraps an assistant so every answer it gives is recorded. The record is written after the
 * answer has been returned to the caller, so the audit trail never delays an answer, and a write
 * that fails is logged and counted, never turned into an error for the client.
 */
export function withAudit(assistant: Assistant, store: AuditStore, index: Pick<LoadedIndex, 'manifest'>, log: Logger): AuditedAssistant {
  const stats: AuditStats = { recorded: 0, failed: 0 };
  const pending = new Set<Promise<void>>();
  const documentChecksums = Object.fromEntries(index.manifest.documents.map((d) => [d.id, d.checksum]));
  return {
    get model() {
      return assistant.model;
    },
    auditStats: stats,
    async ask(input, events, signal) {
      const record = await assistant.ask(input, events, signal);
      const entry = auditEntryFor(record, {
        origin: input.origin,
        apiKeyId: input.apiKeyId ?? null,
        history: input.history ?? [],
        embedder: index.manifest.embedder.id,
        manifestChecksum: index.manifest.checksum,
        documentChecksums,
      });
      const write = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => store.record(entry))
        .then(
          () => {
            stats.recorded++;
          },
          (error: unknown) => {
            stats.failed++;
            log.error(`audit: answer ${entry.id} was not recorded (${stats.failed} failed so far): ${error instanceof Error ? error.message : String(error)}`);
          },
        )
        .finally(() => pending.delete(write));
      pending.add(write);
      return record;
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
