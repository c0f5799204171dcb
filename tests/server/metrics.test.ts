import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../ingest/embedder-settings.js';
import type { Manifest } from '../../ingest/manifest.js';
import type { Passage } from '../../ingest/passages.js';
import { createApp } from '../../server/app.js';
import type { AnswerRecord, Assistant } from '../../server/assistant.js';
import { answerRecord } from '../fixtures/answer-record.js';

/**
 * `GET /metrics` over an app with a stub assistant: what the scrape says after a few requests.
 * The stub's records carry fixed timings, mode and support, so every expected number is known.
 */

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

const manifest: Manifest = {
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  embedder: { kind: 'local', id: 'local-hash-64', dimensions: 64 },
  chunker: { minChars: 600, maxChars: 900, overlapSentences: 1 },
  documents: [],
  chunkCount: 1,
  checksum: 'x',
};

const passage: Passage = { id: 'doc:0', documentId: 'doc', index: 0, start: 0, end: 5, text: 'Hello', paragraphs: [0, 0], notes: [] };

function record(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return answerRecord({ id: 'a', answer: 'Hello [1]', timings: { retrieveMs: 2, answerMs: 3, totalMs: 5 }, ...overrides });
}

/** An app whose assistant answers with `records` in turn (the last one repeats). */
function appAnswering(...records: AnswerRecord[]): Express {
  let n = 0;
  const assistant: Assistant = {
    model: null,
    async ask() {
      return records[Math.min(n++, records.length - 1)] ?? record();
    },
  };
  return createApp({ assistant, index: { documents: new Map(), passagesById: new Map([[passage.id, passage]]), manifest }, logger: silentLogger });
}

async function scrape(app: Express): Promise<string> {
  const res = await request(app).get('/metrics');
  expect(res.status).toBe(200);
  return res.text;
}

/** The value of one sample, e.g. `value(text, 'http_requests_total', { route: '/healthz', … })`. */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.lastIndexOf('}')).split(',');
    if (wanted.every((w) => inside.includes(w)) && inside.length === wanted.length) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

function routesIn(text: string): Set<string> {
  return new Set([...text.matchAll(/^http_requests_total\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]!));
}

describe('GET /metrics', () => {
  it('answers in the Prometheus text format', async () => {
    const res = await request(appAnswering()).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# HELP http_requests_total /m);
    expect(res.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
  });

  it('counts requests per method, route and status', async () => {
    const app = appAnswering();
    await request(app).get('/healthz');
    await request(app).get('/healthz');
    await request(app).post('/api/ask').send({ question: 'Who?' });
    const text = await scrape(app);
    expect(value(text, 'http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBe(2);
    expect(value(text, 'http_requests_total', { method: 'POST', route: '/api/ask', status: '200' })).toBe(1);
    expect(value(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/healthz', status: '200' })).toBe(2);
    expect(value(text, 'http_request_duration_seconds_bucket', { le: '+Inf', method: 'GET', route: '/healthz', status: '200' })).toBe(2);
  });

  it('labels requests with the route pattern, not the URL', async () => {
    const app = appAnswering();
    await request(app).get('/api/passages/doc:0');
    await request(app).get('/api/passages/doc:99');
    await request(app).get('/api/passages/other:1');
    const text = await scrape(app);
    expect(value(text, 'http_requests_total', { method: 'GET', route: '/api/passages/:id', status: '200' })).toBe(1);
    expect(value(text, 'http_requests_total', { method: 'GET', route: '/api/passages/:id', status: '404' })).toBe(2);
    expect(text).not.toContain('doc:99');
  });

  it('puts every unknown path under one not_found label', async () => {
    const app = appAnswering();
    for (const url of ['/nope', '/nope/2', '/api/whatever?x=1', '/v1/unknown']) await request(app).get(url);
    const text = await scrape(app);
    expect(value(text, 'http_requests_total', { method: 'GET', route: 'not_found', status: '404' })).toBe(4);
    expect([...routesIn(text)].sort()).toEqual(['not_found']);
  });

  it('labels a wrong method on a known path with that path', async () => {
    const app = appAnswering();
    await request(app).get('/api/ask');
    const text = await scrape(app);
    expect(value(text, 'http_requests_total', { method: 'GET', route: '/api/ask', status: '405' })).toBe(1);
  });

  it('counts answers by mode and support', async () => {
    const app = appAnswering(record(), record({ support: 'abstained', abstained: true }), record());
    for (let i = 0; i < 3; i++) await request(app).post('/api/ask').send({ question: `q${i}` });
    const text = await scrape(app);
    expect(value(text, 'assistant_answers_total', { mode: 'extractive', support: 'supported' })).toBe(2);
    expect(value(text, 'assistant_answers_total', { mode: 'extractive', support: 'abstained' })).toBe(1);
  });

  it('records the retrieve, answer and total time of each answer', async () => {
    const app = appAnswering(record({ timings: { retrieveMs: 2, answerMs: 30, totalMs: 32 } }));
    await request(app).post('/api/ask').send({ question: 'q' });
    await request(app).post('/api/ask').send({ question: 'q' });
    const text = await scrape(app);
    expect(value(text, 'assistant_answer_duration_seconds_count', { stage: 'retrieve' })).toBe(2);
    expect(value(text, 'assistant_answer_duration_seconds_sum', { stage: 'total' })).toBeCloseTo(0.064, 6);
    // 2 ms falls in the 2.5 ms bucket; 30 ms does not fit under 25 ms.
    expect(value(text, 'assistant_answer_duration_seconds_bucket', { le: '0.0025', stage: 'retrieve' })).toBe(2);
    expect(value(text, 'assistant_answer_duration_seconds_bucket', { le: '0.025', stage: 'answer' })).toBe(0);
  });

  it('includes the process metrics', async () => {
    const text = await scrape(appAnswering());
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('keeps the counts of two apps in one process apart', async () => {
    const first = appAnswering();
    const second = appAnswering();
    await request(first).get('/healthz');
    await request(first).get('/healthz');
    await request(second).get('/healthz');
    expect(value(await scrape(first), 'http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBe(2);
    expect(value(await scrape(second), 'http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBe(1);
  });
});
