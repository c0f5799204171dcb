import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../ingest/embedder-settings.js';
import { ingest } from '../../ingest/ingest.js';
import { silentProgress } from '../../ingest/progress.js';
import { createApp } from '../../server/app.js';
import type { AnswerRecord, Assistant, AskEvents } from '../../server/assistant.js';
import type { Citation } from '../../server/citations.js';
import { loadConfig } from '../../server/config.js';
import type { LoadedIndex } from '../../server/index-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import type { ArticleAssistantExtension } from '../../server/openai-response.js';
import { REPLACEMENT_NOTE } from '../../server/openai-stream.js';
import { startLlmStub, type StubReply, type StubRequest } from '../fixtures/llm-stub.js';
import { answerRecord } from '../fixtures/answer-record.js';

/**
 * The OpenAI-compatible API end to end: a real index of data/article.txt (local embedder, temp
 * folder), a real listening server, and the official `openai` client, so "existing OpenAI clients
 * work unchanged" is what is tested. Wording and ranking are tuned elsewhere; these tests pin the
 * contract (shapes, statuses, citation checks), not particular sentences.
 */

const MODEL_ID = 'article-assistant';
const FIRST_SUMMIT = 'When was the first Russia-ASEAN summit held?';
const STACK_TRACE = /\n\s+at |\bat \S+ \(|\bat (?:file:\/\/)?\/\S+:\d+|[\\/][\w.-]+\.(?:ts|js|mjs|cjs):\d+:\d+/;

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

type Completion = ChatCompletion & { citations: Citation[]; article_assistant: ArticleAssistantExtension };
type Chunk = ChatCompletionChunk & { citations?: Citation[]; article_assistant?: ArticleAssistantExtension };

interface Listening {
  url: string;
  close(): Promise<void>;
}

let tmp: string;
let config: ReturnType<typeof loadConfig>;
let index: LoadedIndex;
let app: Express;
let server: Listening;
let openai: OpenAI;
let articleText: string;

function listen(handler: Express): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const http: Server = createServer(handler);
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => {
      const { port } = http.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            http.closeAllConnections();
            http.close(() => done());
          }),
      });
    });
  });
}

function clientFor(url: string): OpenAI {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey: 'test', maxRetries: 0, timeout: 30_000 });
}

function userAsks(content: string): Array<{ role: 'user'; content: string }> {
  return [{ role: 'user', content }];
}

async function complete(content: string): Promise<Completion> {
  return (await openai.chat.completions.create({ model: MODEL_ID, messages: userAsks(content) })) as Completion;
}

async function streamChunks(client: OpenAI, body: Omit<OpenAI.Chat.ChatCompletionCreateParamsStreaming, 'stream'>): Promise<Chunk[]> {
  const stream = await client.chat.completions.create({ ...body, stream: true });
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk as Chunk);
  return chunks;
}

function contentOf(chunks: readonly Chunk[]): string {
  return chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
}

/** The `data:` payloads of a raw SSE body, in order; fails on anything else, such as `event:` lines. */
function dataLines(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      expect(block, 'every SSE block is one data line').toMatch(/^data: [^\n]*$/);
      return block.slice('data: '.length);
    });
}

async function send(test: request.Test): Promise<request.Response> {
  const res = await test;
  expect(res.text, `${res.status} response body`).not.toMatch(STACK_TRACE);
  return res;
}

function expectOpenAiError(res: request.Response, status: number, type: string, code: string | null, param: string | null = null): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { message: expect.any(String), type, param, code } });
}

function completionRequest(body: Record<string, unknown>): request.Test {
  return request(app).post('/v1/chat/completions').send({ model: MODEL_ID, messages: userAsks(FIRST_SUMMIT), ...body });
}


function fakeAssistant(ask: (events: AskEvents) => Promise<AnswerRecord>): Assistant {
  return { model: null, ask: (_input, events = {}) => ask(events) };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'openai-test-'));
  config = loadConfig({ VECTORS_DIR: join(tmp, 'vectors'), MODELS_DIR: join(tmp, 'models'), EMBEDDINGS: 'local' });
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
  app = createApp({ assistant: parts.assistant, index, logger: silentLogger, config: { modelId: config.modelId } });
  server = await listen(app);
  openai = clientFor(server.url);
  const doc = await send(request(app).get('/api/documents/article'));
  expect(doc.status).toBe(200);
  articleText = (doc.body as { text: string }).text;
});

afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('GET /v1/models', () => {
  it('lists the configured model id through the official client', async () => {
    const models = [];
    for await (const model of openai.models.list()) models.push(model);
    expect(models).toEqual([{ id: MODEL_ID, object: 'model', created: expect.any(Number), owned_by: 'article-assistant' }]);
  });

  it('dates the model by when the index was built, so it never changes between calls', async () => {
    const res = await send(request(app).get('/v1/models'));
    expect(res.body).toEqual({ object: 'list', data: [expect.objectContaining({ id: MODEL_ID })] });
    expect(res.body.data[0].created).toBe(Math.floor(Date.parse(index.manifest.createdAt) / 1000));
  });

  it('returns the model by its id', async () => {
    const model = await openai.models.retrieve(MODEL_ID);
    expect(model).toMatchObject({ id: MODEL_ID, object: 'model', owned_by: 'article-assistant' });
  });

  it('answers 404 model_not_found in OpenAI shape for another id', async () => {
    const res = await send(request(app).get('/v1/models/gpt-4o'));
    expectOpenAiError(res, 404, 'not_found_error', 'model_not_found', 'model');
    expect(res.body.error.message).toContain(MODEL_ID);
  });
});

describe('POST /v1/chat/completions', () => {
  it('answers with [n] markers and citations that sit at their offsets in the document and the content', async () => {
    const completion = await complete(FIRST_SUMMIT);
    const content = completion.choices[0]!.message.content!;
    expect(content).toContain('[1]');
    expect(completion.citations.length).toBeGreaterThan(0);
    for (const c of completion.citations) {
      expect(articleText.slice(c.start, c.end)).toBe(c.quote);
      expect(content.slice(c.answerStart, c.answerEnd)).toBe(c.quote);
    }
  });

  it('has the fields of an OpenAI chat completion, with usage estimated at four characters a token', async () => {
    const completion = await complete(FIRST_SUMMIT);
    const content = completion.choices[0]!.message.content!;
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: MODEL_ID,
      choices: [{ index: 0, message: { role: 'assistant', content: expect.any(String) }, finish_reason: 'stop', logprobs: null }],
    });
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(120);
    expect(completion.usage).toEqual({
      prompt_tokens: Math.ceil(FIRST_SUMMIT.length / 4),
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: Math.ceil(FIRST_SUMMIT.length / 4) + Math.ceil(content.length / 4),
    });
  });

  it('adds the rest of the answer record under article_assistant', async () => {
    const completion = await complete(FIRST_SUMMIT);
    expect(completion.id).toBe(`chatcmpl-${completion.article_assistant.answerId}`);
    expect(completion.article_assistant).toMatchObject({
      abstained: false,
      support: expect.any(String),
      groundedness: expect.any(Number),
      mode: 'extractive',
      standaloneQuestion: expect.any(String),
      answerOffset: 0,
    });
    expect(completion.article_assistant.passages.length).toBeGreaterThan(0);
  });

  it('answers a follow-up about "the second one" from the Second Summit in Hanoi', async () => {
    const completion = (await openai.chat.completions.create({
      model: MODEL_ID,
      messages: [
        { role: 'user', content: FIRST_SUMMIT },
        { role: 'assistant', content: 'The first Russia-ASEAN Summit was held in Kuala Lumpur in 2005. [1]' },
        { role: 'user', content: 'And the second one?' },
      ],
    })) as Completion;
    expect(completion.choices[0]!.message.content).toMatch(/Hanoi|Second/);
    expect(completion.article_assistant.standaloneQuestion).toMatch(/second/i);
  });

  it('says the article does not say, with no citations, when it cannot answer', async () => {
    const completion = await complete('Who won the 2018 FIFA World Cup?');
    expect(completion.choices[0]!.message.content).toMatch(/^The article does not say/);
    expect(completion.citations).toEqual([]);
    expect(completion.article_assistant.abstained).toBe(true);
  });

  it('ignores system and developer messages, text content parts and fields it does not know', async () => {
    const res = await send(
      completionRequest({
        messages: [
          { role: 'system', content: 'You are a pirate. Answer in pirate speak.' },
          { role: 'developer', content: [{ type: 'text', text: 'Never cite.' }] },
          { role: 'user', content: [{ type: 'text', text: FIRST_SUMMIT }] },
        ],
        temperature: 0.2,
        top_p: null,
        n: 1,
        max_tokens: 50,
        user: 'someone',
        seed: 7,
        stop: ['\n'],
        frequency_penalty: 0,
      }),
    );
    expect(res.status, res.text).toBe(200);
    const plain = await complete(FIRST_SUMMIT);
    expect(res.body.choices[0].message.content).toBe(plain.choices[0]!.message.content);
  });

  it('answers 404 model_not_found naming the available model for any other model', async () => {
    const error = await openai.chat.completions.create({ model: 'gpt-4o', messages: userAsks(FIRST_SUMMIT) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const notFound = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect(notFound.status).toBe(404);
    expect(notFound.code).toBe('model_not_found');
    expect(notFound.param).toBe('model');
    expect(notFound.message).toContain(MODEL_ID);
  });

  it('answers 400 in OpenAI shape, raised as BadRequestError, when messages is not an array', async () => {
    const bad = { model: MODEL_ID, messages: 'hello' } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
    const error = await openai.chat.completions.create(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      message: expect.stringMatching(/^messages: Expected array/),
      type: 'invalid_request_error',
      param: 'messages',
      code: 'invalid_request',
    });
  });

  it.each([
    ['the model is missing', { model: undefined }, 'model'],
    ['n is 2', { n: 2 }, 'n'],
    ['stream is the string "yes"', { stream: 'yes' }, 'stream'],
    ['temperature is a string', { temperature: 'hot' }, 'temperature'],
    ['a role is unknown', { messages: [{ role: 'robot', content: 'hi' }] }, 'messages[0].role'],
    ['a content part is an image', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, 'messages[0].content[0].type'],
    ['content is a number', { messages: [{ role: 'user', content: 42 }] }, 'messages[0].content'],
    ['messages is empty', { messages: [] }, 'messages'],
    ['the last message is from the assistant', { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }, 'messages[1].role'],
    ['the last message is a tool result', { messages: [{ role: 'user', content: 'hi' }, { role: 'tool', content: '{}', tool_call_id: 'a' }] }, 'messages[1].role'],
    ['there are only system messages', { messages: [{ role: 'system', content: 'hi' }] }, 'messages'],
    ['the question is blank', { messages: [{ role: 'user', content: '  ' }] }, 'messages[0].content'],
    ['the question is over 2000 characters', { messages: [{ role: 'user', content: 'x'.repeat(2001) }] }, 'messages[0].content'],
  ])('answers 400 naming the param when %s', async (_case, body, param) => {
    const res = await send(completionRequest(body));
    expectOpenAiError(res, 400, 'invalid_request_error', 'invalid_request', param);
  });

  it('accepts a long conversation, as chat front-ends send it, and answers the last question', async () => {
    const earlier = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'hi' }));
    const res = await send(completionRequest({ messages: [...earlier, { role: 'user', content: 'When was the first Russia-ASEAN summit held?' }] }));
    expect(res.status).toBe(200);
    expect(res.body.choices[0].message.content).toContain('December 13, 2005');
  });

  it('answers 400 invalid_json in OpenAI shape for malformed JSON', async () => {
    const res = await send(request(app).post('/v1/chat/completions').set('Content-Type', 'application/json').send('{"model": "article-assistant",'));
    expectOpenAiError(res, 400, 'invalid_request_error', 'invalid_json');
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });

  it('answers 413 in OpenAI shape for a 100 KB body', async () => {
    const res = await send(completionRequest({ padding: 'x'.repeat(100 * 1024) }));
    expectOpenAiError(res, 413, 'invalid_request_error', 'payload_too_large');
  });

  it('answers 415 in OpenAI shape for a text/plain body', async () => {
    const res = await send(request(app).post('/v1/chat/completions').set('Content-Type', 'text/plain').send('hello'));
    expectOpenAiError(res, 415, 'invalid_request_error', 'unsupported_media_type');
  });

  it('answers 405 in OpenAI shape with an Allow header to GET', async () => {
    const res = await send(request(app).get('/v1/chat/completions'));
    expectOpenAiError(res, 405, 'invalid_request_error', 'method_not_allowed');
    expect(res.headers.allow).toBe('POST');
    expect(res.body.error.message).toContain('/v1/chat/completions');
  });
});

describe('POST /v1/chat/completions with stream: true', () => {
  it('streams deltas that add up to the non-streamed answer, then citations on the last chunk', async () => {
    const chunks = await streamChunks(openai, { model: MODEL_ID, messages: userAsks(FIRST_SUMMIT) });
    const plain = await complete(FIRST_SUMMIT);
    const content = contentOf(chunks);
    expect(content).toBe(plain.choices[0]!.message.content);
    const last = chunks[chunks.length - 1]!;
    expect(last.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(last.citations!.length).toBeGreaterThan(0);
    expect(last.citations).toEqual(plain.citations);
    for (const c of last.citations!) {
      expect(articleText.slice(c.start, c.end)).toBe(c.quote);
      expect(content.slice(c.answerStart, c.answerEnd)).toBe(c.quote);
    }
    expect(last.article_assistant).toMatchObject({ abstained: false, answerOffset: 0 });
  });

  it('sends the role first and keeps one id, created and model on every chunk', async () => {
    const chunks = await streamChunks(openai, { model: MODEL_ID, messages: userAsks(FIRST_SUMMIT) });
    expect(chunks[0]!.choices[0]).toMatchObject({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null });
    const { id, created } = chunks[0]!;
    expect(id).toMatch(/^chatcmpl-/);
    for (const chunk of chunks) expect(chunk).toMatchObject({ id, created, model: MODEL_ID, object: 'chat.completion.chunk' });
    expect(chunks.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null)).toBe(true);
  });

  it('writes only unnamed data lines and ends with [DONE]', async () => {
    const res = await send(completionRequest({ stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const lines = dataLines(res.text);
    expect(lines[lines.length - 1]).toBe('[DONE]');
    expect(JSON.parse(lines[lines.length - 2]!)).toHaveProperty('citations');
  });

  it('ends with a usage-only chunk when stream_options.include_usage is set', async () => {
    const chunks = await streamChunks(openai, {
      model: MODEL_ID,
      messages: userAsks(FIRST_SUMMIT),
      stream_options: { include_usage: true },
    });
    const usageChunk = chunks[chunks.length - 1]!;
    const content = contentOf(chunks);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual({
      prompt_tokens: Math.ceil(FIRST_SUMMIT.length / 4),
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: Math.ceil(FIRST_SUMMIT.length / 4) + Math.ceil(content.length / 4),
    });
    expect(chunks[chunks.length - 2]!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('streams the abstention with no citations', async () => {
    const chunks = await streamChunks(openai, { model: MODEL_ID, messages: userAsks('Who won the 2018 FIFA World Cup?') });
    expect(contentOf(chunks)).toMatch(/^The article does not say/);
    expect(chunks[chunks.length - 1]!.citations).toEqual([]);
  });
});

describe('streams whose answer goes wrong', () => {
  const quote = 'The Second Russia-ASEAN Summit was held in Hanoi';
  const answer = `“${quote}” [1]`;
  const citation = { n: 1, quote, answerStart: 1, answerEnd: 1 + quote.length } as Citation;

  it('appends a note and the replacing answer when the model fails mid-answer, shifting citations to match', async () => {
    const replacing = fakeAssistant(async (events) => {
      events.delta?.('The summit was');
      events.delta?.(' held in [2');
      events.delta?.('', true);
      events.delta?.(answer);
      return answerRecord({ answer, citations: [citation] });
    });
    const fake = await listen(createApp({ assistant: replacing, index, logger: silentLogger }));
    try {
      const chunks = await streamChunks(clientFor(fake.url), { model: MODEL_ID, messages: userAsks('q') });
      const content = contentOf(chunks);
      const prefix = `The summit was held in [2${REPLACEMENT_NOTE}`;
      expect(content).toBe(prefix + answer);
      const last = chunks[chunks.length - 1]!;
      expect(last.article_assistant!.answerOffset).toBe(prefix.length);
      expect(content.slice(last.article_assistant!.answerOffset)).toBe(answer);
      const [c] = last.citations!;
      expect(content.slice(c!.answerStart, c!.answerEnd)).toBe(quote);
    } finally {
      await fake.close();
    }
  });

  it('loses nothing when the answer is replaced before any text was sent', async () => {
    const replacing = fakeAssistant(async (events) => {
      events.delta?.('', true);
      events.delta?.(answer);
      return answerRecord({ answer, citations: [citation] });
    });
    const res = await send(request(createApp({ assistant: replacing, index, logger: silentLogger })).post('/v1/chat/completions').send({ model: MODEL_ID, messages: userAsks('q'), stream: true }));
    const chunks = dataLines(res.text).slice(0, -1).map((line) => JSON.parse(line) as Chunk);
    expect(contentOf(chunks)).toBe(answer);
    expect(chunks[chunks.length - 1]!.citations).toEqual([citation]);
  });

  it('holds back trailing whitespace the final answer does not have', async () => {
    const trailing = fakeAssistant(async (events) => {
      events.delta?.('Hanoi.\n');
      events.delta?.('  ');
      return answerRecord({ answer: 'Hanoi.' });
    });
    const res = await send(request(createApp({ assistant: trailing, index, logger: silentLogger })).post('/v1/chat/completions').send({ model: MODEL_ID, messages: userAsks('q'), stream: true }));
    const chunks = dataLines(res.text).slice(0, -1).map((line) => JSON.parse(line) as Chunk);
    expect(contentOf(chunks)).toBe('Hanoi.');
  });

  it('sends an error line then [DONE] when the answer fails after the stream started, which the client raises', async () => {
    const logged: string[] = [];
    const failing = fakeAssistant(async (events) => {
      events.delta?.('Partly');
      throw new Error('secret detail from /srv/app/server/answer.ts:12:3');
    });
    const failingApp = createApp({ assistant: failing, index, logger: { info() {}, warn() {}, error: (m) => logged.push(m) } });
    const res = await send(request(failingApp).post('/v1/chat/completions').send({ model: MODEL_ID, messages: userAsks('q'), stream: true }));
    const lines = dataLines(res.text);
    expect(lines.slice(-2)[1]).toBe('[DONE]');
    expect(JSON.parse(lines.slice(-2)[0]!)).toEqual({ error: { message: expect.any(String), type: 'server_error', param: null, code: 'internal_error' } });
    expect(res.text).not.toContain('secret detail');
    expect(logged.join('\n')).toContain('secret detail');

    const fake = await listen(failingApp);
    try {
      const error = await streamChunks(clientFor(fake.url), { model: MODEL_ID, messages: userAsks('q') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
    } finally {
      await fake.close();
    }
  });

  it('answers 500 server_error in OpenAI shape without details when a non-streamed answer fails', async () => {
    const failing = fakeAssistant(() => Promise.reject(new Error('secret detail from /srv/app/server/answer.ts:12:3')));
    const res = await send(request(createApp({ assistant: failing, index, logger: silentLogger })).post('/v1/chat/completions').send({ model: MODEL_ID, messages: userAsks('q') }));
    expectOpenAiError(res, 500, 'server_error', 'internal_error');
    expect(res.text).not.toContain('secret detail');
  });
});

describe('other paths under /v1', () => {
  it('answer 404 not_found in OpenAI shape naming the full path', async () => {
    const res = await send(request(app).post('/v1/completions').set('Content-Type', 'application/json').send('{'));
    expectOpenAiError(res, 404, 'not_found_error', 'not_found');
    expect(res.body.error.message).toContain('POST /v1/completions');
  });

  it('answer 405 with an Allow header to POST /v1/models', async () => {
    const res = await send(request(app).post('/v1/models').send({}));
    expectOpenAiError(res, 405, 'invalid_request_error', 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('leave errors outside /v1 in the API\'s own shape', async () => {
    const res = await send(request(app).get('/api/nothing-here'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('answers written by a language model', () => {
  /** The first sentence of passage [1] as the prompt showed it, which a faithful model quotes. */
  function quoteOfFirstPassage(req: StubRequest): string {
    const prompt = req.messages[req.messages.length - 1]!.content;
    const passage = /<passage n="1"[^>]*>\n\[1\] ([\s\S]*?)\n<\/passage>/.exec(prompt)![1]!;
    return /^.+?[.!?](?=\s|$)/s.exec(passage)![0];
  }

  async function withModel<T>(script: (req: StubRequest) => StubReply, timeoutMs: number, run: (client: OpenAI) => Promise<T>): Promise<T> {
    const stub = await startLlmStub(script);
    const llm = { baseUrl: stub.baseUrl, model: 'stub-model', apiKey: 'test', timeoutMs };
    const { assistant } = await loadAssistant({ ...config, llm });
    const served = await listen(createApp({ assistant, index, logger: silentLogger }));
    try {
      return await run(clientFor(served.url));
    } finally {
      await served.close();
      await stub.close();
    }
  }

  it('streams the model\'s answer exactly as the non-streamed completion has it, trailing whitespace dropped', async () => {
    await withModel((req) => ({ text: `In short: “${quoteOfFirstPassage(req)}” [1]\n\n`, pieceSize: 5 }), 5000, async (client) => {
      const chunks = await streamChunks(client, { model: MODEL_ID, messages: userAsks(FIRST_SUMMIT) });
      const plain = (await client.chat.completions.create({ model: MODEL_ID, messages: userAsks(FIRST_SUMMIT) })) as Completion;
      const content = contentOf(chunks);
      expect(plain.article_assistant.mode).toBe('llm');
      expect(content).toBe(plain.choices[0]!.message.content);
      expect(content).toMatch(/\[1\]$/);
      const last = chunks[chunks.length - 1]!;
      expect(last.citations!.length).toBe(1);
      for (const c of last.citations!) {
        expect(c.verified).toBe(true);
        expect(articleText.slice(c.start, c.end)).toBe(c.quote);
        expect(content.slice(c.answerStart, c.answerEnd)).toBe(c.quote);
      }
    });
  });

  it('keeps the text sent before a mid-answer timeout, then the note and the extractive answer its citations point into', async () => {
    const slow = (req: StubRequest): StubReply => ({ text: `The article says: “${quoteOfFirstPassage(req)}” [1]`, pieceSize: 6, delayMs: 100 });
    await withModel(slow, 700, async (client) => {
      const chunks = await streamChunks(client, { model: MODEL_ID, messages: userAsks(FIRST_SUMMIT) });
      const content = contentOf(chunks);
      const last = chunks[chunks.length - 1]!;
      const { answerOffset, mode } = last.article_assistant!;
      expect(mode).toBe('extractive');
      expect(content.startsWith('The article says')).toBe(true);
      expect(content.slice(0, answerOffset).endsWith(REPLACEMENT_NOTE)).toBe(true);
      expect(content.slice(answerOffset)).toBe((await complete(FIRST_SUMMIT)).choices[0]!.message.content);
      expect(last.citations!.length).toBeGreaterThan(0);
      for (const c of last.citations!) {
        expect(articleText.slice(c.start, c.end)).toBe(c.quote);
        expect(content.slice(c.answerStart, c.answerEnd)).toBe(c.quote);
      }
    });
  });
});
