import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AnswerFeedback, AuditEntry, CitationFeedback } from './audit-record.js';
import type { AuditPage, AuditQuery, AuditStore, AuditSummary } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS answers (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  origin TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  abstained INTEGER NOT NULL,
  support TEXT NOT NULL,
  mode TEXT NOT NULL,
  citations INTEGER NOT NULL,
  unverified INTEGER NOT NULL,
  rating TEXT,
  entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_time ON answers (created_at DESC, id DESC);
`;

interface Row {
  id: string;
  created_at: string;
  origin: AuditEntry['origin'];
  question: string;
  answer: string;
  abstained: number;
  support: AuditEntry['support'];
  mode: AuditEntry['mode'];
  citations: number;
  unverified: number;
  rating: AnswerFeedback['rating'] | null;
  entry: string;
}

/** The cursor is the last row's sort key, so pages stay stable while new answers arrive. */
function encodeCursor(row: Pick<Row, 'created_at' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this server returned');
    this.name = 'InvalidCursorError';
  }
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/**
 * createdAt is stored as `toISOString()` (UTC, milliseconds) and compared as text, so a bound
 * written with an offset or without milliseconds is rewritten in that form first.
 */
function instant(time: string): string {
  return new Date(time).toISOString();
}

function summary(row: Row): AuditSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    origin: row.origin,
    question: row.question,
    answer: row.answer,
    abstained: row.abstained === 1,
    support: row.support,
    mode: row.mode,
    citations: row.citations,
    unverifiedCitations: row.unverified,
    rating: row.rating,
  };
}

/** How long a statement waits for another connection's lock before it fails with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 2000;
/** Pause between attempts of an audit insert that found the database locked. */
const BUSY_RETRY_MS = 50;

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

/**
 * The audit trail in one SQLite file (WAL mode, so readers never block the writer). The full
 * entry is kept as JSON; the columns beside it exist to filter and page without parsing it.
 */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  async record(entry: AuditEntry): Promise<void> {
    const insert = this.db.prepare(
      `INSERT INTO answers (id, created_at, origin, question, answer, abstained, support, mode, citations, unverified, rating, entry)
       VALUES (@id, @created_at, @origin, @question, @answer, @abstained, @support, @mode, @citations, @unverified, NULL, @entry)`,
    );
    const row = {
      id: entry.id,
      created_at: entry.createdAt,
      origin: entry.origin,
      question: entry.question,
      answer: entry.answer,
      abstained: entry.abstained ? 1 : 0,
      support: entry.support,
      mode: entry.mode,
      citations: entry.citations.length,
      unverified: entry.citations.filter((c) => !c.verified).length,
      entry: JSON.stringify(entry),
    };
    await this.withoutBlocking(() => insert.run(row));
  }

  async get(id: string): Promise<AuditEntry | undefined> {
    const row = this.db.prepare('SELECT entry FROM answers WHERE id = ?').get(id) as Pick<Row, 'entry'> | undefined;
    return row ? (JSON.parse(row.entry) as AuditEntry) : undefined;
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit + 1 };
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor);
      where.push('(created_at < @cursorTime OR (created_at = @cursorTime AND id < @cursorId))');
      Object.assign(params, { cursorTime: createdAt, cursorId: id });
    }
    if (query.from) (where.push('created_at >= @from'), (params.from = instant(query.from)));
    if (query.to) (where.push('created_at <= @to'), (params.to = instant(query.to)));
    if (query.text) {
      where.push("(question LIKE @text ESCAPE '\\' OR answer LIKE @text ESCAPE '\\')");
      params.text = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (query.abstained !== undefined) (where.push('abstained = @abstained'), (params.abstained = query.abstained ? 1 : 0));
    if (query.support) (where.push('support = @support'), (params.support = query.support));
    if (query.unverified !== undefined) where.push(query.unverified ? 'unverified > 0' : 'unverified = 0');
    if (query.feedback === 'any') where.push('rating IS NOT NULL');
    else if (query.feedback === 'none') where.push('rating IS NULL');
    else if (query.feedback) (where.push('rating = @rating'), (params.rating = query.feedback));
    const sql = `SELECT id, created_at, origin, question, answer, abstained, support, mode, citations, unverified, rating
                 FROM answers ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY created_at DESC, id DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as Row[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map(summary), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  /**
   * better-sqlite3 waits for another connection's lock synchronously, which would freeze every
   * request in the process for up to BUSY_TIMEOUT_MS per write. So writes do not wait inside
   * SQLite: a write that finds the database locked is retried from the event loop until the same
   * deadline, and only then fails.
   */
  private async withoutBlocking<T>(write: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      this.db.pragma('busy_timeout = 0');
      try {
        return write();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      } finally {
        this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  async feedback(id: string, feedback: AnswerFeedback): Promise<boolean> {
    return this.update(id, (entry) => {
      entry.feedback = feedback;
    }, feedback.rating);
  }

  async citationFeedback(id: string, feedback: CitationFeedback): Promise<boolean> {
    return this.update(id, (entry) => {
      entry.citationFeedback = [...entry.citationFeedback.filter((f) => f.n !== feedback.n), feedback];
    });
  }

  async *all(options: { since?: string } = {}): AsyncIterable<AuditEntry> {
    const rows = this.db
      .prepare(`SELECT entry FROM answers ${options.since ? 'WHERE created_at >= ?' : ''} ORDER BY created_at, id`)
      .iterate(...(options.since ? [instant(options.since)] : [])) as IterableIterator<Pick<Row, 'entry'>>;
    for (const row of rows) yield JSON.parse(row.entry) as AuditEntry;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Read-modify-write of one entry in a transaction that takes the write lock first (IMMEDIATE),
   * so concurrent feedback is not lost; retried without blocking while another connection writes.
   */
  private update(id: string, change: (entry: AuditEntry) => void, rating?: AnswerFeedback['rating']): Promise<boolean> {
    const run = this.db.transaction(() => {
      const row = this.db.prepare('SELECT entry FROM answers WHERE id = ?').get(id) as Pick<Row, 'entry'> | undefined;
      if (!row) return false;
      const entry = JSON.parse(row.entry) as AuditEntry;
      change(entry);
      this.db
        .prepare(`UPDATE answers SET entry = ?${rating ? ', rating = ?' : ''} WHERE id = ?`)
        .run(...[JSON.stringify(entry), ...(rating ? [rating] : []), id]);
      return true;
    });
    return this.withoutBlocking(() => run.immediate());
  }
}
