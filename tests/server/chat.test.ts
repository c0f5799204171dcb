import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/ingest.js';
import type { AnswerRecord } from '../../server/answer-record.js';
import { createApp } from '../../server/app.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { ingestArticle } from '../fixtures/article-index.js';

const quiet = { info() {}, warn() {}, error() {} };
let dir: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chat-'));
  const { vectorsDir, embeddings } = await ingestArticle(dir);
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });
  app = createApp({ assistant, index, logger: quiet });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const first = { role: 'user', content: 'When was the first Russia-ASEAN summit held?' };

function streamed(body: object) {
  return request(app)
    .post('/api/chat')
    .send({ ...body, stream: true })
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      r.on('end', () => done(null, text));
    });
}

function events(body: string): Array<{ event: string; data: any }> {
  return body
    .split('\n\n')
    .filter((b) => b.trim() !== '')
    .map((b) => ({ event: /^event: (.+)$/m.exec(b)![1]!, data: JSON.parse(/^data: (.+)$/m.exec(b)![1]!) }));
}

describe('POST /api/chat', () => {
  it('answers the last user message with the same record /api/ask gives', async () => {
    const chat = await request(app).post('/api/chat').send({ messages: [first] });
    const ask = await request(app).post('/api/ask').send({ question: first.content });
    expect(chat.status).toBe(200);
    const { id: _a, timings: _t, cached: firstCached, ...fromChat } = chat.body as AnswerRecord;
    const { id: _b, timings: _u, cached: secondCached, ...fromAsk } = ask.body as AnswerRecord;
    expect(fromChat).toEqual(fromAsk);
    // The same question through the other route reuses the answer (ANSWER_CACHE_SIZE).
    expect([firstCached, secondCached]).toEqual([false, true]);
    expect(fromChat.mode).toBe('extractive');
    expect(fromChat.support).toBe('supported');
    expect(fromChat.groundedness).toBe(1);
  });

  it('resolves a follow-up against the earlier messages', async () => {
    const res = await request(app)
      .post('/api/chat')
      .send({ messages: [first, { role: 'assistant', content: 'On December 13, 2005. [1]' }, { role: 'user', content: 'And the second one?' }] });
    expect(res.status).toBe(200);
    expect(res.body.standaloneQuestion).toMatch(/second/i);
    expect(res.body.answer).toContain('Hanoi');
  });

  it('accepts a long conversation and answers its last question', async () => {
    const earlier = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'hi' }));
    const res = await request(app).post('/api/chat').send({ messages: [...earlier, first] });
    expect(res.status).toBe(200);
    expect(res.body.answer).toContain('December 13, 2005');
  });

  it('streams passages first, then text and citations, then the full record', async () => {
    const res = await streamed({ messages: [first] });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const list = events(res.body as string);
    expect(list[0]!.event).toBe('passages');
    expect(list[0]!.data.passages).toHaveLength(5);
    expect(list[list.length - 1]!.event).toBe('done');
    const done = list[list.length - 1]!.data as AnswerRecord;
    const text = list.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(text).toBe(done.answer);
    expect(list.filter((e) => e.event === 'citation').map((e) => e.data)).toEqual(done.citations);
  });

  it('streams an abstention with no citations', async () => {
    const list = events((await streamed({ messages: [{ role: 'user', content: 'Who won the 2018 FIFA World Cup?' }] })).body as string);
    const done = list.find((e) => e.event === 'done')!.data as AnswerRecord;
    expect(done.abstained).toBe(true);
    expect(done.support).toBe('abstained');
    expect(list.some((e) => e.event === 'citation')).toBe(false);
  });

  it.each([
    ['no messages', { messages: [] }, /^messages: /],
    ['a conversation ending with the assistant', { messages: [first, { role: 'assistant', content: 'x' }] }, /^messages\[1\]\.role: the last message must be from the user/],
    ['a system message', { messages: [{ role: 'system', content: 'x' }, first] }, /^messages\[0\]\.role: /],
    ['an empty question', { messages: [{ role: 'user', content: '   ' }] }, /^messages\[0\]\.content: the question is empty/],
    ['stream as a string', { messages: [first], stream: 'yes' }, /^stream: /],
  ])('refuses %s with a 400 naming the field', async (_name, body, message) => {
    const res = await request(app).post('/api/chat').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });
});
