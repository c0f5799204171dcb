import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../ingest/embedder-settings.js';
import { ingest } from '../../ingest/ingest.js';
import { silentProgress } from '../../ingest/progress.js';
import { createApp } from '../../server/app.js';
import type { AnswerRecord } from '../../server/assistant.js';
import { loadConfig } from '../../server/config.js';
import type { LoadedIndex } from '../../server/index-store.js';
import { loadAssistant } from '../../server/load-assistant.js';

/**
 * The HTTP API end to end over a real index of data/article.txt (local embedder, temp folder).
 * Answer wording and ranking are being tuned elsewhere, so these tests pin the contract — shapes,
 * status codes, citation checks — and never a particular sentence or passage order.
 */

interface DocumentBody {
  id: string;
  title: string;
  text: string;
  notes: unknown[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A stack frame ("    at fn (file.ts:1:2)") or a source location, in any form. */
const STACK_TRACE = /\n\s+at |\bat \S+ \(|\bat (?:file:\/\/)?\/\S+:\d+|[\\/][\w.-]+\.(?:ts|js|mjs|cjs):\d+:\d+/;

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

let tmp: string;
let index: LoadedIndex;
let app: Express;
let article: DocumentBody;

/** Every response in this file goes through here, so each is also checked for leaked stack traces. */
async function send(test: request.Test): Promise<request.Response> {
  const res = await test;
  expect(res.text, `${res.status} response body`).not.toMatch(STACK_TRACE);
  expect(res.headers['x-request-id'], 'X-Request-Id header').toBeTruthy();
  return res;
}

function ask(body: Record<string, unknown>): Promise<request.Response> {
  return send(request(app).post('/api/ask').send(body));
}

async function answer(body: Record<string, unknown>): Promise<AnswerRecord> {
  const res = await ask(body);
  expect(res.status, res.text).toBe(200);
  return res.body as AnswerRecord;
}

function expectError(res: request.Response, status: number, code: string, message?: RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  if (message) expect(res.body.error.message).toMatch(message);
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'app-test-'));
  const config = loadConfig({ VECTORS_DIR: join(tmp, 'vectors'), MODELS_DIR: join(tmp, 'models'), EMBEDDINGS: 'local' });
  await ingest({
    inputs: ['data/article.txt'],
    vectorsDir: config.vectorsDir,
    chunk: config.chunk,
    embeddings: config.embeddings,
    force: false,
    log: silentLogger,
    progress: silentProgress,
  });
  const parts = await loadAssistant(config);
  index = parts.index;
  app = createApp({ assistant: parts.assistant, index, logger: silentLogger });
  const res = await send(request(app).get('/api/documents/article'));
  expect(res.status).toBe(200);
  article = res.body as DocumentBody;
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('POST /api/ask', () => {
  it('answers a question from the article with every field of an answer record', async () => {
    const record = await answer({ question: 'When was the first Russia-ASEAN summit held?' });
    expect(record).toMatchObject({
      id: expect.stringMatching(UUID),
      question: 'When was the first Russia-ASEAN summit held?',
      standaloneQuestion: expect.any(String),
      answer: expect.any(String),
      abstained: false,
      mode: 'extractive',
      timings: { retrieveMs: expect.any(Number), answerMs: expect.any(Number), totalMs: expect.any(Number) },
    });
    expect(record.answer.length).toBeGreaterThan(0);
    expect(record.citations.length).toBeGreaterThan(0);
  });

  it('cites only quotes that sit at their offsets in both the document and the answer', async () => {
    const questions = [
      'When was the first Russia-ASEAN summit held?',
      'What is the role of ASEAN in the Asia-Pacific Region?',
      'Which areas of cooperation between Russia and ASEAN does the author mention?',
    ];
    let checked = 0;
    for (const question of questions) {
      const record = await answer({ question });
      for (const c of record.citations) {
        expect(c.documentId).toBe('article');
        expect(article.text.slice(c.start, c.end)).toBe(c.quote);
        expect(record.answer.slice(c.answerStart, c.answerEnd)).toBe(c.quote);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('returns exactly topK passages ranked 1 to k', async () => {
    for (const topK of [1, 3, 20]) {
      const record = await answer({ question: 'Russia ASEAN partnership', topK });
      expect(record.passages.map((p) => p.rank)).toEqual(Array.from({ length: topK }, (_, i) => i + 1));
    }
  });

  it('gives each passage what every retrieval list scored it, or null where a list did not rank it', async () => {
    const record = await answer({ question: 'When was the first Russia-ASEAN summit held?', topK: 20 });
    const top = record.passages[0]!;
    for (const list of ['dense', 'lexical', 'windows', 'meaning'] as const) {
      expect(top[list]).toEqual(expect.any(Number));
      for (const p of record.passages) expect(p[list] === null || typeof p[list] === 'number').toBe(true);
    }
    // The windows are ranked only among the dense and BM25 candidates.
    for (const p of record.passages) if (p.windows !== null || p.meaning !== null) expect(p.dense !== null || p.lexical !== null).toBe(true);
  });

  it('returns five passages when topK is left out', async () => {
    const record = await answer({ question: 'Russia ASEAN partnership' });
    expect(record.passages).toHaveLength(5);
  });

  it('returns passages whose text is the document slice at their offsets', async () => {
    const record = await answer({ question: 'Russia ASEAN partnership', topK: 3 });
    for (const p of record.passages) expect(article.text.slice(p.start, p.end)).toBe(p.text);
  });

  it('abstains on a question the article cannot answer, with no citations but still listing passages', async () => {
    const record = await answer({ question: 'Who won the 2018 FIFA World Cup?' });
    expect(record.abstained).toBe(true);
    expect(record.citations).toEqual([]);
    expect(record.passages.length).toBeGreaterThan(0);
  });

  it('resolves a follow-up against the history into a question that stands on its own', async () => {
    const history = [
      { role: 'user', content: 'When was the first Russia-ASEAN summit held?' },
      { role: 'assistant', content: 'The first Russia-ASEAN Summit was held in Kuala Lumpur. [1]' },
    ];
    const alone = await answer({ question: 'And the second one?' });
    const followUp = await answer({ question: 'And the second one?', history });
    expect(followUp.question).toBe('And the second one?');
    expect(followUp.standaloneQuestion).toMatch(/second/i);
    expect(followUp.standaloneQuestion).not.toBe(alone.standaloneQuestion);
    expect(followUp.standaloneQuestion.length).toBeGreaterThan('And the second one?'.length);
  });

  it('ignores fields it does not know', async () => {
    const record = await answer({ question: 'Russia ASEAN partnership', topK: 2, stream: true, model: 'x' });
    expect(record.passages).toHaveLength(2);
  });

  it('trims the question before answering it', async () => {
    const record = await answer({ question: '   Russia ASEAN partnership \n' });
    expect(record.question).toBe('Russia ASEAN partnership');
  });

  it.each([
    ['the question is missing', { topK: 3 }, /^question: Required/],
    ['the question is empty', { question: '' }, /^question: /],
    ['the question is only whitespace', { question: '  \n ' }, /^question: /],
    ['the question is over 2000 characters', { question: 'x'.repeat(2001) }, /^question: .*2000/],
    ['the question is not a string', { question: 42 }, /^question: Expected string, received number/],
    ['topK is 0', { question: 'ASEAN', topK: 0 }, /^topK: .*greater than or equal to 1/],
    ['topK is 21', { question: 'ASEAN', topK: 21 }, /^topK: Number must be less than or equal to 20/],
    ['topK is the string "5"', { question: 'ASEAN', topK: '5' }, /^topK: Expected number, received string/],
    ['topK is not a whole number', { question: 'ASEAN', topK: 2.5 }, /^topK: Expected integer/],
    ['a history turn has an unknown role', { question: 'ASEAN', history: [{ role: 'system', content: 'hi' }] }, /^history\[0\]\.role: /],
    ['a history turn has no content', { question: 'ASEAN', history: [{ role: 'user' }] }, /^history\[0\]\.content: Required/],
    ['a history turn is over 3000 characters', { question: 'ASEAN', history: [{ role: 'user', content: 'x'.repeat(3001) }] }, /^history\[0\]\.content: /],
    ['the history has more than 20 turns', { question: 'ASEAN', history: Array.from({ length: 21 }, () => ({ role: 'user', content: 'hi' })) }, /^history: .*20/],
    ['the history is not a list', { question: 'ASEAN', history: 'hello' }, /^history: Expected array/],
  ])('answers 400 invalid_request naming the field when %s', async (_case, body, message) => {
    expectError(await ask(body), 400, 'invalid_request', message);
  });

  it('names every invalid field at once', async () => {
    const res = await ask({ question: '', topK: 99 });
    expectError(res, 400, 'invalid_request', /question: .*; topK: /);
  });

  it('answers 400 naming the body when the JSON is not an object', async () => {
    const res = await send(request(app).post('/api/ask').set('Content-Type', 'application/json').send('["question"]'));
    expectError(res, 400, 'invalid_request', /^body: Expected object, received array/);
  });

  it('answers 400 naming the question when there is no body at all', async () => {
    expectError(await send(request(app).post('/api/ask')), 400, 'invalid_request', /^question: Required/);
  });

  it('answers 400 invalid_json for malformed JSON', async () => {
    const res = await send(request(app).post('/api/ask').set('Content-Type', 'application/json').send('{"question": "ASEAN",'));
    expectError(res, 400, 'invalid_json', /not valid JSON/);
  });

  it('answers 413 payload_too_large for a 100 KB body', async () => {
    const res = await ask({ question: 'ASEAN', padding: 'x'.repeat(100 * 1024) });
    expectError(res, 413, 'payload_too_large');
  });

  it('answers 415 unsupported_media_type for a text/plain body', async () => {
    const res = await send(request(app).post('/api/ask').set('Content-Type', 'text/plain').send('When was the summit?'));
    expectError(res, 415, 'unsupported_media_type', /application\/json.*text\/plain/);
  });

  it('answers 405 with an Allow header to GET', async () => {
    const res = await send(request(app).get('/api/ask'));
    expectError(res, 405, 'method_not_allowed', /GET/);
    expect(res.headers.allow).toBe('POST');
  });
});

describe('GET /api/documents/:id', () => {
  it('returns the id, title, full text and notes of a document', () => {
    const doc = index.documents.get('article')!;
    expect(article).toEqual({ id: 'article', title: doc.title, text: doc.text, notes: JSON.parse(JSON.stringify(doc.notes)) });
  });

  it('answers 404 document_not_found naming an unknown id', async () => {
    expectError(await send(request(app).get('/api/documents/nope')), 404, 'document_not_found', /"nope"/);
  });

  it('answers 405 with an Allow header to DELETE', async () => {
    const res = await send(request(app).delete('/api/documents/article'));
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('GET /api/passages/:id', () => {
  it('returns the passage whose text is the document slice at its offsets', async () => {
    const res = await send(request(app).get('/api/passages/article:0'));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: 'article:0', documentId: 'article', paragraphs: expect.any(Array) });
    expect(res.body.text).toBe(article.text.slice(res.body.start, res.body.end));
  });

  it('accepts the colon in the id percent-encoded', async () => {
    const res = await send(request(app).get('/api/passages/article%3A1'));
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe('article:1');
  });

  it('answers 404 passage_not_found naming an unknown id', async () => {
    expectError(await send(request(app).get('/api/passages/article:9999')), 404, 'passage_not_found', /"article:9999"/);
  });

  it('answers 400 rather than 500 for an id that is not valid percent-encoding', async () => {
    expectError(await send(request(app).get('/api/passages/%E0%A4%A')), 400, 'bad_request');
  });
});

describe('health checks', () => {
  it('answers /healthz with status ok', async () => {
    const res = await send(request(app).get('/healthz'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with the counts and embedder of the loaded index', async () => {
    const res = await send(request(app).get('/readyz'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      documents: 1,
      chunks: index.passages.length,
      embedder: index.manifest.embedder.id,
    });
    expect(res.body.embedder).toMatch(/^local-hash-/);
  });
});

describe('unknown routes', () => {
  it('answers 404 not_found in JSON naming the method and path', async () => {
    const res = await send(request(app).get('/api/nothing-here'));
    expectError(res, 404, 'not_found', /GET \/api\/nothing-here/);
  });

  it('answers 404 rather than 400 to a malformed JSON body sent to an unknown route', async () => {
    const res = await send(request(app).post('/api/asks').set('Content-Type', 'application/json').send('{'));
    expectError(res, 404, 'not_found', /POST \/api\/asks/);
  });
});

describe('X-Request-Id', () => {
  it('is a fresh UUID on every response, errors included', async () => {
    const a = await send(request(app).get('/healthz'));
    const b = await send(request(app).get('/nowhere'));
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('echoes a sane incoming id', async () => {
    const res = await send(request(app).get('/healthz').set('X-Request-Id', 'edge-7f3a:42'));
    expect(res.headers['x-request-id']).toBe('edge-7f3a:42');
  });

  it('replaces an incoming id that is too long or carries odd characters', async () => {
    for (const incoming of ['x'.repeat(200), 'a b', '<script>']) {
      const res = await send(request(app).get('/healthz').set('X-Request-Id', incoming));
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });
});

describe('unexpected errors', () => {
  it('answer 500 internal_error with a generic message and log the details instead', async () => {
    const logged: string[] = [];
    const logger: Logger = { info() {}, warn() {}, error: (m) => logged.push(m) };
    const failing = createApp({
      index,
      logger,
      assistant: {
        model: null,
        ask: () => Promise.reject(new Error('secret detail from /srv/app/server/answer.ts:12:3')),
      },
    });
    const res = await send(request(failing).post('/api/ask').send({ question: 'ASEAN' }));
    expectError(res, 500, 'internal_error');
    expect(res.text).not.toContain('secret detail');
    expect(res.body.error.message).toContain(res.headers['x-request-id']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('secret detail');
    expect(logged[0]).toContain(res.headers['x-request-id']);
    expect(logged[0]).toContain('POST /api/ask');
  });
});
