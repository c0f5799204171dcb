import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/audit/audit-record.js';
import { InvalidCursorError, SqliteAuditStore } from '../../server/audit/sqlite-store.js';
import type { AuditQuery } from '../../server/audit/store.js';
import type { Citation } from '../../server/citations.js';

/**
 * The SQLite audit store against a real database file in a temp folder: what is recorded comes
 * back unchanged, survives a restart (close and reopen), and the list pages and filters as the
 * `GET /api/audit` route promises.
 */

let dir: string;
let file: string;
const opened: SqliteAuditStore[] = [];

function open(): SqliteAuditStore {
  const store = new SqliteAuditStore(file);
  opened.push(store);
  return store;
}

/** Closes the store and opens the same file again, as a server restart would. */
function restart(store: SqliteAuditStore): SqliteAuditStore {
  store.close();
  return open();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-store-'));
  file = path.join(dir, 'audit', 'audit.db');
});

afterEach(async () => {
  for (const store of opened.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    documentId: 'article',
    passageId: 'article#3',
    quote: 'The first summit was held on December 13, 2005.',
    start: 100,
    end: 147,
    answerStart: 0,
    answerEnd: 47,
    paragraph: 4,
    notes: [{ n: 2, text: 'Joint statement, Kuala Lumpur.' }],
    verified: true,
    ...overrides,
  };
}

let serial = 0;

/** A complete entry with plausible defaults; `minute` sets createdAt on 2026-01-01 so order is obvious. */
function entry(overrides: Partial<AuditEntry> & { minute?: number } = {}): AuditEntry {
  const { minute, ...rest } = overrides;
  serial++;
  return {
    id: `answer-${String(serial).padStart(4, '0')}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute ?? serial)).toISOString(),
    origin: 'api/ask',
    apiKeyId: null,
    question: 'When was the first Russia-ASEAN summit held?',
    history: [{ role: 'user', content: 'Tell me about ASEAN.' }],
    standaloneQuestion: 'When was the first Russia-ASEAN summit held?',
    answer: '"The first summit was held on December 13, 2005." [1]',
    abstained: false,
    support: 'supported',
    groundedness: 1,
    mode: 'extractive',
    model: null,
    fallbackReason: null,
    embedder: 'local-hash-1024',
    manifestChecksum: 'sha256:manifest',
    documentChecksums: { article: 'sha256:article' },
    passages: [{ id: 'article#3', documentId: 'article', rank: 1, score: 0.91, dense: 0.8, lexical: 12.5, start: 90, end: 400, text: 'The first summit was held on December 13, 2005.' }],
    citations: [citation()],
    timings: { retrieveMs: 3.2, answerMs: 1.1, totalMs: 4.3 },
    feedback: null,
    citationFeedback: [],
    ...rest,
  };
}

async function recordAll(store: SqliteAuditStore, entries: AuditEntry[]): Promise<void> {
  for (const e of entries) await store.record(e);
}

async function ids(store: SqliteAuditStore, query: Partial<AuditQuery>): Promise<string[]> {
  return (await store.list({ limit: 100, ...query })).items.map((s) => s.id);
}

describe('SqliteAuditStore persistence', () => {
  it('gives back exactly the entry that was recorded', async () => {
    const store = open();
    const recorded = entry({ citations: [citation(), citation({ n: 2, verified: false, reason: 'not-found' })], fallbackReason: 'timeout', mode: 'llm', model: 'gpt-x' });
    await store.record(recorded);
    expect(await store.get(recorded.id)).toEqual(recorded);
  });

  it('returns undefined for an id that was never recorded', async () => {
    expect(await open().get('no-such-answer')).toBeUndefined();
  });

  it('keeps recorded answers across a restart', async () => {
    const store = open();
    const recorded = [entry(), entry(), entry()];
    await recordAll(store, recorded);
    const reopened = restart(store);
    for (const e of recorded) expect(await reopened.get(e.id)).toEqual(e);
    expect(await ids(reopened, {})).toEqual(recorded.map((e) => e.id).reverse());
  });

  it('runs the database in WAL mode', () => {
    open();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('refuses a second entry with the same id rather than overwriting the first', async () => {
    const store = open();
    const first = entry();
    await store.record(first);
    await expect(store.record({ ...first, answer: 'rewritten' })).rejects.toThrow();
    expect((await store.get(first.id))?.answer).toBe(first.answer);
  });
});

describe('SqliteAuditStore.list paging', () => {
  it('pages 25 answers newest first as 10, 10 and 5 with no duplicates and no cursor after the last', async () => {
    const store = open();
    const recorded = Array.from({ length: 25 }, (_, i) => entry({ minute: i }));
    // Recorded in shuffled order: the order must come from createdAt, not insertion.
    await recordAll(store, [...recorded].sort((a, b) => (a.id.charCodeAt(a.id.length - 1) % 3) - (b.id.charCodeAt(b.id.length - 1) % 3)));

    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 10, ...(cursor ? { cursor } : {}) });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    const seen = pages.flatMap((p) => p.items.map((s) => s.id));
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...recorded].reverse().map((e) => e.id));
  });

  it('keeps a cursor stable when newer answers arrive between pages', async () => {
    const store = open();
    await recordAll(store, Array.from({ length: 15 }, (_, i) => entry({ minute: i })));
    const first = await store.list({ limit: 10 });
    await store.record(entry({ minute: 59 }));
    const second = await store.list({ limit: 10, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(5);
    expect(second.items.some((s) => first.items.some((f) => f.id === s.id))).toBe(false);
    expect(second.nextCursor).toBeNull();
  });

  it('orders answers with the same createdAt by id, so none is skipped between pages', async () => {
    const store = open();
    const same = Array.from({ length: 5 }, () => entry({ minute: 30 }));
    await recordAll(store, same);
    const first = await store.list({ limit: 2 });
    const rest = await store.list({ limit: 10, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((s) => s.id)).toEqual(same.map((e) => e.id).reverse());
  });

  it('summarises each answer with its citation counts and rating', async () => {
    const store = open();
    const e = entry({ citations: [citation(), citation({ n: 2, verified: false, reason: 'not-found' })] });
    await store.record(e);
    await store.feedback(e.id, { rating: 'down', at: '2026-01-02T00:00:00.000Z' });
    expect((await store.list({ limit: 1 })).items).toEqual([
      {
        id: e.id,
        createdAt: e.createdAt,
        origin: 'api/ask',
        question: e.question,
        answer: e.answer,
        abstained: false,
        support: 'supported',
        mode: 'extractive',
        citations: 2,
        unverifiedCitations: 1,
        rating: 'down',
      },
    ]);
  });

  it.each(['bogus', 'W10', Buffer.from('["only one"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])(
    'throws InvalidCursorError for the cursor %j',
    async (cursor) => {
      await expect(open().list({ limit: 10, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    },
  );
});

describe('SqliteAuditStore.list filters', () => {
  it('keeps answers from `from` to `to`, both inclusive', async () => {
    const store = open();
    const recorded = Array.from({ length: 6 }, (_, i) => entry({ minute: i }));
    await recordAll(store, recorded);
    expect(await ids(store, { from: recorded[1]!.createdAt, to: recorded[3]!.createdAt })).toEqual([recorded[3]!.id, recorded[2]!.id, recorded[1]!.id]);
  });

  /** Three answers at half past a second, where millisecond-free bounds compare wrongly as text. */
  async function morning(store: SqliteAuditStore): Promise<{ before: AuditEntry; inside: AuditEntry; after: AuditEntry }> {
    const at = (minute: number) => entry({ createdAt: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.500Z` });
    const [before, inside, after] = [at(0), at(30), at(59)];
    await recordAll(store, [before, inside, after]);
    return { before, inside, after };
  }

  it('reads `from` and `to` with a UTC offset as the instants they name', async () => {
    const store = open();
    const { inside } = await morning(store);
    // 12:10+02:00 is 10:10Z and 12:45+02:00 is 10:45Z.
    expect(await ids(store, { from: '2026-01-01T12:10:00+02:00', to: '2026-01-01T12:45:00+02:00' })).toEqual([inside.id]);
  });

  it('reads `from` and `to` without milliseconds as whole seconds', async () => {
    const store = open();
    const { inside } = await morning(store);
    // As text "10:30:00Z" sorts after "10:30:00.500Z", which would put 10:30:00.5 before `from` and within `to`.
    expect(await ids(store, { from: '2026-01-01T10:30:00Z', to: '2026-01-01T10:30:01Z' })).toEqual([inside.id]);
    expect(await ids(store, { from: '2026-01-01T10:29:00Z', to: '2026-01-01T10:30:00Z' })).toEqual([]);
  });

  it('finds text in the question or the answer, ignoring case', async () => {
    const store = open();
    const inQuestion = entry({ question: 'Where was the SECOND summit?' });
    const inAnswer = entry({ answer: 'It was the Second one, in Hanoi. [1]' });
    await recordAll(store, [inQuestion, inAnswer, entry()]);
    expect(await ids(store, { text: 'second' })).toEqual([inAnswer.id, inQuestion.id]);
  });

  it.each([
    ['%', '100% sure', 'a hundred sure'],
    ['_', 'snake_case', 'snakeXcase'],
    ['\\', 'back\\slash', 'backslash'],
  ])('treats %s in the text literally', async (_char, literal, lookalike) => {
    const store = open();
    const matching = entry({ question: `Is it ${literal}?` });
    await recordAll(store, [matching, entry({ question: `Is it ${lookalike}?` })]);
    expect(await ids(store, { text: literal })).toEqual([matching.id]);
  });

  it('filters on abstention', async () => {
    const store = open();
    const abstained = entry({ abstained: true, support: 'abstained', citations: [], answer: 'The article does not say.' });
    const answered = entry();
    await recordAll(store, [abstained, answered]);
    expect(await ids(store, { abstained: true })).toEqual([abstained.id]);
    expect(await ids(store, { abstained: false })).toEqual([answered.id]);
  });

  it('filters on support', async () => {
    const store = open();
    const partial = entry({ support: 'partial' });
    await recordAll(store, [entry({ support: 'supported' }), partial, entry({ support: 'unsupported' })]);
    expect(await ids(store, { support: 'partial' })).toEqual([partial.id]);
  });

  it('filters on whether any quote is unverified', async () => {
    const store = open();
    const unverified = entry({ citations: [citation(), citation({ n: 2, verified: false, reason: 'not-found' })] });
    const verified = entry();
    const uncited = entry({ citations: [] });
    await recordAll(store, [unverified, verified, uncited]);
    expect(await ids(store, { unverified: true })).toEqual([unverified.id]);
    expect(await ids(store, { unverified: false })).toEqual([uncited.id, verified.id]);
  });

  it('filters on feedback up, down, any and none', async () => {
    const store = open();
    const [up, down, none] = [entry(), entry(), entry()];
    await recordAll(store, [up, down, none]);
    await store.feedback(up.id, { rating: 'up', at: '2026-01-02T00:00:00.000Z' });
    await store.feedback(down.id, { rating: 'down', at: '2026-01-02T00:00:00.000Z' });
    expect(await ids(store, { feedback: 'up' })).toEqual([up.id]);
    expect(await ids(store, { feedback: 'down' })).toEqual([down.id]);
    expect(await ids(store, { feedback: 'any' })).toEqual([down.id, up.id]);
    expect(await ids(store, { feedback: 'none' })).toEqual([none.id]);
  });

  it('combines filters with AND', async () => {
    const store = open();
    const wanted = entry({ support: 'partial', question: 'Who hosted the summit?' });
    await recordAll(store, [wanted, entry({ support: 'partial' }), entry({ question: 'Who hosted the summit?' })]);
    expect(await ids(store, { support: 'partial', text: 'hosted' })).toEqual([wanted.id]);
  });
});

describe('SqliteAuditStore feedback', () => {
  it('stores answer feedback that survives a restart', async () => {
    const store = open();
    const e = entry();
    await store.record(e);
    const feedback = { rating: 'down' as const, comment: 'wrong date', at: '2026-01-02T00:00:00.000Z' };
    expect(await store.feedback(e.id, feedback)).toBe(true);
    const reopened = restart(store);
    expect((await reopened.get(e.id))?.feedback).toEqual(feedback);
    expect(await ids(reopened, { feedback: 'down' })).toEqual([e.id]);
  });

  it('replaces earlier answer feedback with the latest', async () => {
    const store = open();
    const e = entry();
    await store.record(e);
    await store.feedback(e.id, { rating: 'down', at: '2026-01-02T00:00:00.000Z' });
    await store.feedback(e.id, { rating: 'up', at: '2026-01-03T00:00:00.000Z' });
    expect((await store.get(e.id))?.feedback).toEqual({ rating: 'up', at: '2026-01-03T00:00:00.000Z' });
    expect(await ids(store, { feedback: 'down' })).toEqual([]);
  });

  it('stores citation feedback, one per citation, that survives a restart', async () => {
    const store = open();
    const e = entry({ citations: [citation(), citation({ n: 2 })] });
    await store.record(e);
    expect(await store.citationFeedback(e.id, { n: 1, supports: true, at: '2026-01-02T00:00:00.000Z' })).toBe(true);
    expect(await store.citationFeedback(e.id, { n: 2, supports: true, at: '2026-01-02T00:00:00.000Z' })).toBe(true);
    expect(await store.citationFeedback(e.id, { n: 2, supports: false, comment: 'says 2006', at: '2026-01-03T00:00:00.000Z' })).toBe(true);
    const reopened = restart(store);
    expect((await reopened.get(e.id))?.citationFeedback).toEqual([
      { n: 1, supports: true, at: '2026-01-02T00:00:00.000Z' },
      { n: 2, supports: false, comment: 'says 2006', at: '2026-01-03T00:00:00.000Z' },
    ]);
  });

  it('leaves the rating alone when a citation gets feedback', async () => {
    const store = open();
    const e = entry();
    await store.record(e);
    await store.feedback(e.id, { rating: 'up', at: '2026-01-02T00:00:00.000Z' });
    await store.citationFeedback(e.id, { n: 1, supports: false, at: '2026-01-03T00:00:00.000Z' });
    expect((await store.get(e.id))?.feedback?.rating).toBe('up');
    expect(await ids(store, { feedback: 'up' })).toEqual([e.id]);
  });

  it('returns false for feedback on an answer that was never recorded', async () => {
    const store = open();
    expect(await store.feedback('no-such-answer', { rating: 'up', at: '2026-01-02T00:00:00.000Z' })).toBe(false);
    expect(await store.citationFeedback('no-such-answer', { n: 1, supports: true, at: '2026-01-02T00:00:00.000Z' })).toBe(false);
    expect(await ids(store, {})).toEqual([]);
  });
});

describe('SqliteAuditStore.all', () => {
  async function collect(iterable: AsyncIterable<AuditEntry>): Promise<string[]> {
    const out: string[] = [];
    for await (const e of iterable) out.push(e.id);
    return out;
  }

  it('yields every entry oldest first', async () => {
    const store = open();
    const recorded = [entry({ minute: 3 }), entry({ minute: 1 }), entry({ minute: 2 })];
    await recordAll(store, recorded);
    expect(await collect(store.all())).toEqual([recorded[1]!.id, recorded[2]!.id, recorded[0]!.id]);
  });

  it('yields only entries at or after `since`, oldest first', async () => {
    const store = open();
    const recorded = Array.from({ length: 5 }, (_, i) => entry({ minute: i }));
    await recordAll(store, [...recorded].reverse());
    expect(await collect(store.all({ since: recorded[2]!.createdAt }))).toEqual(recorded.slice(2).map((e) => e.id));
  });

  it('reads `since` with a UTC offset as the instant it names', async () => {
    const store = open();
    const recorded = Array.from({ length: 5 }, (_, i) => entry({ minute: i }));
    await recordAll(store, recorded);
    // 02:02+02:00 is 00:02Z, the third entry.
    expect(await collect(store.all({ since: '2026-01-01T02:02:00+02:00' }))).toEqual(recorded.slice(2).map((e) => e.id));
  });

  it('yields full entries, feedback included', async () => {
    const store = open();
    const e = entry();
    await store.record(e);
    await store.feedback(e.id, { rating: 'up', at: '2026-01-02T00:00:00.000Z' });
    const all: AuditEntry[] = [];
    for await (const x of store.all()) all.push(x);
    expect(all).toEqual([{ ...e, feedback: { rating: 'up', at: '2026-01-02T00:00:00.000Z' } }]);
  });
});

describe('writes while another connection holds the write lock', () => {
  it('keeps the event loop free while feedback waits, and stores it once the lock is released', async () => {
    const store = open();
    const recorded = entry();
    await store.record(recorded);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const pending = store.feedback(recorded.id, { rating: 'up', comment: 'clear', at: new Date().toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 300));
    other.exec('COMMIT');
    other.close();
    expect(await pending).toBe(true);
    clearInterval(ticker);
    // With a synchronous busy wait the interval could not have run while the lock was held.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect((await store.get(recorded.id))?.feedback?.rating).toBe('up');
  });

  it('gives up with a busy error when the lock outlasts the deadline, without blocking meanwhile', async () => {
    const store = open();
    const recorded = entry();
    await store.record(recorded);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      await expect(store.citationFeedback(recorded.id, { n: 1, supports: false, at: new Date().toISOString() })).rejects.toThrow(/locked|busy/i);
      clearInterval(ticker);
      expect(ticks).toBeGreaterThanOrEqual(50);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});
