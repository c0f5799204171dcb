import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../ingest/embedder-settings.js';
import { ingest } from '../../ingest/ingest.js';
import { createApp } from '../../server/app.js';
import type { AnswerRecord, Assistant } from '../../server/assistant.js';
import type { AuditEntry } from '../../server/audit/audit-record.js';
import { withAudit, type AuditedAssistant } from '../../server/audit/recorder.js';
import { SqliteAuditStore } from '../../server/audit/sqlite-store.js';
import type { AuditPage } from '../../server/audit/store.js';
import { loadConfig } from '../../server/config.js';
import type { LoadedIndex } from '../../server/index-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { ingestArticle } from '../fixtures/article-index.js';

/**
 * The audit trail end to end: a real index of data/article.txt (local embedder), a real SQLite
 * store in a temp folder per test, and the assistant wrapped by `withAudit` as `server/main.ts`
 * wires it. Every door an answer goes out of must leave a record, and a broken audit trail must
 * never cost the client its answer.
 */

const MODEL_ID = 'article-assistant';
const FIRST_SUMMIT = 'When was the first Russia-ASEAN summit held?';
const WORLD_CUP = 'Who won the 2018 FIFA World Cup?';

let root: string;
let index: LoadedIndex;
let assistant: Assistant;

/** One test's world: its own database file, recorder and app over the shared index. */
interface Audited {
  dir: string;
  file: string;
  store: SqliteAuditStore;
  audited: AuditedAssistant;
  app: Express;
  errors: string[];
}

let world: Audited;

function recordingLogger(errors: string[]): Logger {
  return { info() {}, warn() {}, error: (m) => errors.push(m) };
}

async function auditedWorld(): Promise<Audited> {
  const dir = await mkdtemp(path.join(root, 'audit-'));
  const file = path.join(dir, 'audit.sqlite');
  const store = new SqliteAuditStore(file);
  const errors: string[] = [];
  const logger = recordingLogger(errors);
  const audited = withAudit(assistant, store, index, logger);
  return { dir, file, store, audited, errors, app: createApp({ assistant: audited, index, auditStore: store, logger }) };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'audit-api-'));
  const quiet: Logger = { info() {}, warn() {}, error() {} };
  const { vectorsDir, embeddings } = await ingestArticle(root);
  ({ assistant, index } = await loadAssistant({ vectorsDir, embeddings }));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  world = await auditedWorld();
});

afterEach(async () => {
  await world.audited.flush();
  world.store.close();
});

function ask(question = FIRST_SUMMIT, app = world.app) {
  return request(app).post('/api/ask').send({ question });
}

/** Reads a streamed response as text, so the test can wait for the end of the stream. */
function streamed(req: request.Test) {
  return req.buffer(true).parse((r, done) => {
    let text = '';
    r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    r.on('end', () => done(null, text));
  });
}

/** The answer's record, once every pending write has landed. */
async function recorded(id: string): Promise<AuditEntry> {
  await world.audited.flush();
  const entry = await world.store.get(id);
  if (!entry) throw new Error(`answer ${id} was not recorded`);
  return entry;
}

async function onlyRecord(): Promise<AuditEntry> {
  await world.audited.flush();
  const entries: AuditEntry[] = [];
  for await (const e of world.store.all()) entries.push(e);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

describe('recording answers', () => {
  it('records an answer from POST /api/ask with origin api/ask', async () => {
    const res = await ask();
    expect(res.status).toBe(200);
    expect((await recorded(res.body.id)).origin).toBe('api/ask');
  });

  it('records an answer from POST /api/chat with origin api/chat', async () => {
    const res = await request(world.app).post('/api/chat').send({ messages: [{ role: 'user', content: FIRST_SUMMIT }] });
    expect(res.status).toBe(200);
    expect((await recorded(res.body.id)).origin).toBe('api/chat');
  });

  it('records a streamed answer from POST /api/chat with origin api/chat', async () => {
    const res = await streamed(request(world.app).post('/api/chat').send({ messages: [{ role: 'user', content: FIRST_SUMMIT }], stream: true }));
    expect(res.status).toBe(200);
    const done = /event: done\ndata: (.+)/.exec(res.body as string)!;
    const record = JSON.parse(done[1]!) as AnswerRecord;
    expect((await recorded(record.id)).origin).toBe('api/chat');
  });

  it('records an answer from POST /v1/chat/completions with origin v1/chat/completions', async () => {
    const res = await request(world.app).post('/v1/chat/completions').send({ model: MODEL_ID, messages: [{ role: 'user', content: FIRST_SUMMIT }] });
    expect(res.status).toBe(200);
    const id = (res.body.id as string).replace(/^chatcmpl-/, '');
    expect((await recorded(id)).origin).toBe('v1/chat/completions');
  });

  it('records a streamed answer from POST /v1/chat/completions with origin v1/chat/completions', async () => {
    const res = await streamed(
      request(world.app).post('/v1/chat/completions').send({ model: MODEL_ID, messages: [{ role: 'user', content: FIRST_SUMMIT }], stream: true }),
    );
    expect(res.status).toBe(200);
    expect((await onlyRecord()).origin).toBe('v1/chat/completions');
  });

  it('records a streamed answer from POST /v1/chat/completions', async () => {
    const res = await streamed(
      request(world.app).post('/v1/chat/completions').send({ model: MODEL_ID, messages: [{ role: 'user', content: FIRST_SUMMIT }], stream: true }),
    );
    expect(res.status).toBe(200);
    expect((await onlyRecord()).question).toBe(FIRST_SUMMIT);
  });

  it('records everything the answer was based on', async () => {
    const messages = [
      { role: 'user' as const, content: FIRST_SUMMIT },
      { role: 'assistant' as const, content: 'On December 13, 2005. [1]' },
      { role: 'user' as const, content: 'And the second one?' },
    ];
    const res = await request(world.app).post('/api/chat').send({ messages });
    const answer = res.body as AnswerRecord;
    const entry = await recorded(answer.id);

    expect(entry).toMatchObject({
      id: answer.id,
      question: 'And the second one?',
      history: messages.slice(0, 2),
      standaloneQuestion: answer.standaloneQuestion,
      answer: answer.answer,
      abstained: false,
      support: answer.support,
      groundedness: answer.groundedness,
      mode: 'extractive',
      model: null,
      fallbackReason: null,
      apiKeyId: null,
      embedder: index.manifest.embedder.id,
      manifestChecksum: index.manifest.checksum,
      documentChecksums: Object.fromEntries(index.manifest.documents.map((d) => [d.id, d.checksum])),
      citations: answer.citations,
      timings: answer.timings,
      feedback: null,
      citationFeedback: [],
    });
    expect(entry.standaloneQuestion).toMatch(/second/i);
    expect(entry.citations.length).toBeGreaterThan(0);
    expect(entry.passages).toEqual(answer.passages.map(({ paragraphs: _p, ...p }) => p));
    expect(entry.passages.map((p) => p.rank)).toEqual(answer.passages.map((_, i) => i + 1));
    expect(entry.passages.every((p) => typeof p.score === 'number')).toBe(true);
    expect(Date.parse(entry.createdAt)).not.toBeNaN();
  });

  it('records an abstention with no citations', async () => {
    const res = await ask(WORLD_CUP);
    expect(await recorded(res.body.id)).toMatchObject({ abstained: true, support: 'abstained', citations: [] });
  });

  it('records every one of 20 concurrent answers', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 === 0 ? FIRST_SUMMIT : WORLD_CUP)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    await world.audited.flush();
    const page = (await world.store.list({ limit: 100 })).items;
    expect(new Set(page.map((s) => s.id)).size).toBe(20);
    expect(new Set(page.map((s) => s.id))).toEqual(new Set(responses.map((r) => r.body.id as string)));
    expect(world.audited.auditStats).toEqual({ recorded: 20, failed: 0 });
  });
});

describe('GET /api/audit', () => {
  async function list(query: Record<string, string | number>): Promise<AuditPage> {
    const res = await request(world.app).get('/api/audit').query(query);
    expect(res.status).toBe(200);
    return res.body as AuditPage;
  }

  it('lists recorded answers newest first', async () => {
    const first = await ask(FIRST_SUMMIT);
    const second = await ask(WORLD_CUP);
    await world.audited.flush();
    expect((await list({})).items.map((s) => s.id)).toEqual([second.body.id, first.body.id]);
  });

  it('pages with the cursor until nextCursor is null', async () => {
    const asked = [];
    for (let i = 0; i < 5; i++) asked.push((await ask()).body.id as string);
    await world.audited.flush();
    const pages: AuditPage[] = [];
    let cursor: string | null = null;
    do {
      pages.push(await list({ limit: 2, ...(cursor ? { cursor } : {}) }));
      cursor = pages[pages.length - 1]!.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flatMap((p) => p.items.map((s) => s.id)))).toEqual(new Set(asked));
  });

  it('filters by abstention, support and text', async () => {
    const answered = await ask(FIRST_SUMMIT);
    const abstained = await ask(WORLD_CUP);
    await world.audited.flush();
    expect((await list({ abstained: 'true' })).items.map((s) => s.id)).toEqual([abstained.body.id]);
    expect((await list({ support: 'abstained' })).items.map((s) => s.id)).toEqual([abstained.body.id]);
    expect((await list({ abstained: 'false', q: 'russia-asean' })).items.map((s) => s.id)).toEqual([answered.body.id]);
    expect((await list({ unverified: 'true' })).items).toEqual([]);
  });

  it('filters by time', async () => {
    const res = await ask();
    await world.audited.flush();
    const { createdAt } = (await world.store.get(res.body.id))!;
    expect((await list({ from: createdAt, to: createdAt })).items.map((s) => s.id)).toEqual([res.body.id]);
    expect((await list({ to: '2000-01-01T00:00:00Z' })).items).toEqual([]);
  });

  it('filters by feedback', async () => {
    const liked = await ask(FIRST_SUMMIT);
    const ignored = await ask(WORLD_CUP);
    await world.audited.flush();
    await request(world.app).post(`/api/audit/${liked.body.id}/feedback`).send({ rating: 'up' });
    expect((await list({ feedback: 'up' })).items.map((s) => s.id)).toEqual([liked.body.id]);
    expect((await list({ feedback: 'none' })).items.map((s) => s.id)).toEqual([ignored.body.id]);
  });

  it.each([
    ['limit=0', { limit: '0' }, /^limit: /],
    ['limit=101', { limit: '101' }, /^limit: /],
    ['from=yesterday', { from: 'yesterday' }, /^from: an ISO 8601 time/],
    ['support=bogus', { support: 'bogus' }, /^support: /],
    ['abstained=yes', { abstained: 'yes' }, /^abstained: /],
    ['a cursor it never returned', { cursor: 'bogus' }, /^cursor: /],
  ])('refuses %s with a 400 naming the field', async (_name, query, message) => {
    const res = await request(world.app).get('/api/audit').query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });
});

describe('GET /api/audit/:id', () => {
  it('returns the full record of an answer', async () => {
    const res = await ask();
    await world.audited.flush();
    const got = await request(world.app).get(`/api/audit/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(await world.store.get(res.body.id));
  });

  it.each([
    ['an unknown id', '00000000-0000-0000-0000-000000000000'],
    ['an encoded path', '..%2F..%2Fetc%2Fpasswd'],
    ['a NUL byte', 'abc%00def'],
    ['SQL', "x'%20OR%20'1'%3D'1"],
    ['an id of 65 characters', 'a'.repeat(65)],
  ])('answers 404 answer_not_found for %s', async (_name, id) => {
    const res = await request(world.app).get(`/api/audit/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('answer_not_found');
  });
});

describe('POST /api/audit/:id/feedback', () => {
  it('stores feedback, answers 201, and shows it in the record', async () => {
    const res = await ask();
    await world.audited.flush();
    const posted = await request(world.app).post(`/api/audit/${res.body.id}/feedback`).send({ rating: 'down', comment: 'wrong year' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ id: res.body.id, feedback: { rating: 'down', comment: 'wrong year' } });
    const got = await request(world.app).get(`/api/audit/${res.body.id}`);
    expect(got.body.feedback).toEqual(posted.body.feedback);
  });

  it('answers 404 answer_not_found for an answer that was never recorded', async () => {
    const res = await request(world.app).post('/api/audit/no-such-answer/feedback').send({ rating: 'up' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('answer_not_found');
  });

  it('refuses a rating other than up or down with a 400 naming the field', async () => {
    const res = await ask();
    await world.audited.flush();
    const posted = await request(world.app).post(`/api/audit/${res.body.id}/feedback`).send({ rating: 'meh' });
    expect(posted.status).toBe(400);
    expect(posted.body.error.message).toMatch(/^rating: /);
  });
});

describe('POST /api/audit/:id/citations/:n/feedback', () => {
  it('stores citation feedback, answers 201, and shows it in the record', async () => {
    const res = await ask();
    await world.audited.flush();
    const posted = await request(world.app).post(`/api/audit/${res.body.id}/citations/1/feedback`).send({ supports: false, comment: 'off topic' });
    expect(posted.status).toBe(201);
    const got = await request(world.app).get(`/api/audit/${res.body.id}`);
    expect(got.body.citationFeedback).toEqual([posted.body.feedback]);
    expect(got.body.citationFeedback[0]).toMatchObject({ n: 1, supports: false, comment: 'off topic' });
  });

  it('answers 404 citation_not_found naming the citations that exist', async () => {
    const res = await ask();
    const entry = await recorded(res.body.id);
    const markers = entry.citations.map((c) => `[${c.n}]`).join(', ');
    const posted = await request(world.app).post(`/api/audit/${res.body.id}/citations/99/feedback`).send({ supports: true });
    expect(posted.status).toBe(404);
    expect(posted.body.error.code).toBe('citation_not_found');
    expect(posted.body.error.message).toContain('[99]');
    expect(posted.body.error.message).toContain(`it has ${markers}`);
  });

  it('answers 404 citation_not_found naming none for an abstention', async () => {
    const res = await ask(WORLD_CUP);
    await world.audited.flush();
    const posted = await request(world.app).post(`/api/audit/${res.body.id}/citations/1/feedback`).send({ supports: true });
    expect(posted.status).toBe(404);
    expect(posted.body.error.message).toMatch(/it has none$/);
  });
});

describe('with AUDIT=off', () => {
  let dir: string;
  let app: Express;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(root, 'off-'));
    // As server/main.ts does it: AUDIT=off gives no database file, so no store is opened.
    const { auditDb } = loadConfig({ AUDIT: 'off', AUDIT_DB: path.join(dir, 'audit.sqlite') });
    expect(auditDb).toBeNull();
    app = createApp({ assistant, index, logger: recordingLogger([]) });
  });

  it.each([
    ['GET', '/api/audit'],
    ['GET', '/api/audit/00000000-0000-0000-0000-000000000000'],
    ['POST', '/api/audit/00000000-0000-0000-0000-000000000000/feedback'],
    ['POST', '/api/audit/00000000-0000-0000-0000-000000000000/citations/1/feedback'],
  ])('answers %s %s with 404 audit_disabled', async (method, url) => {
    const res = method === 'GET' ? await request(app).get(url) : await request(app).post(url).send({ rating: 'up', supports: true });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('audit_disabled');
  });

  it('still answers questions and writes no database file', async () => {
    const res = await ask(FIRST_SUMMIT, app);
    expect(res.status).toBe(200);
    expect(res.body.answer).toContain('December 13, 2005');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('when the audit store cannot write', () => {
  beforeEach(() => {
    world.store.close();
  });

  it('still answers every door with 200', async () => {
    const responses = [
      await ask(),
      await request(world.app).post('/api/chat').send({ messages: [{ role: 'user', content: FIRST_SUMMIT }] }),
      await request(world.app).post('/v1/chat/completions').send({ model: MODEL_ID, messages: [{ role: 'user', content: FIRST_SUMMIT }] }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('still streams the whole answer', async () => {
    const res = await streamed(request(world.app).post('/api/chat').send({ messages: [{ role: 'user', content: FIRST_SUMMIT }], stream: true }));
    expect(res.status).toBe(200);
    expect(res.body as string).toMatch(/event: done\n/);
    expect(res.body as string).not.toMatch(/event: error\n/);
  });

  it('counts each lost record as failed', async () => {
    await ask();
    await ask(WORLD_CUP);
    await world.audited.flush();
    expect(world.audited.auditStats).toEqual({ recorded: 0, failed: 2 });
  });

  it('logs each lost record through the logger, naming the answer', async () => {
    const res = await ask();
    await world.audited.flush();
    expect(world.errors).toHaveLength(1);
    expect(world.errors[0]).toContain(`answer ${res.body.id} was not recorded`);
  });
});
