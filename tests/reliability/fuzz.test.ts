import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accept,
  anyQuestion,
  contentEncoding,
  contentType,
  encodeBody,
  headerValue,
  nastyString,
  pathSegment,
  queryString,
  taintedQuestion,
  wireBody,
} from './arbitraries.js';
import { createAuditedApp, FAKE_WEB, type AuditedApp } from './audited-app.js';
import { assertWellBehaved, errorFamily, sseEvents } from './invariants.js';
import { keepAlive, rawRequest, type RawRequest, type RawResponse } from './raw-http.js';

/**
 * Property-based fuzzing of the whole HTTP surface over a real socket: a real index, a real
 * SQLite audit trail, API keys off. Whatever arrives — malformed bodies, hostile text, odd paths,
 * query strings, headers and methods — the server must answer it as a client error or a success,
 * in the route's error shape, without leaking a stack trace or a file path, and keep answering.
 * The invariants themselves live in `invariants.ts`; each failure names the shrunk request.
 */

const FIRST_SUMMIT = 'When was the first Russia-ASEAN summit held?';
const JSON_TYPE = { 'Content-Type': 'application/json' };
/**
 * Runs per property: 1,650 generated requests in all (plus the checks after each), well under a
 * minute. `FUZZ_SCALE=10 npx vitest run tests/reliability/fuzz.test.ts` runs a deeper campaign.
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = Object.fromEntries(
  Object.entries({ bodies: 400, text: 250, query: 250, paths: 300, headers: 250, methods: 200 }).map(([k, n]) => [k, Math.round(n * SCALE)]),
) as Record<'bodies' | 'text' | 'query' | 'paths' | 'headers' | 'methods', number>;

let world: AuditedApp;
let origin: string;
let answerIds: string[];
let cursors: string[];
let passageIds: string[];

async function send(req: RawRequest): Promise<RawResponse> {
  const res = await rawRequest(origin, req);
  assertWellBehaved(req, res);
  return res;
}

/** What an answer carries of the question: a record (`/api`) or a completion's extension (`/v1`). */
type EchoingRecord = { question?: string; article_assistant?: { standaloneQuestion: string } } | undefined;

/** C0 controls and DEL other than tab and line breaks: nothing a reader can see, nothing to echo. */
const INVISIBLE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function lettersAndDigits(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}

function json(res: RawResponse): any {
  return JSON.parse(res.bytes.toString('utf8'));
}

function postJson(path: string, body: unknown): RawRequest {
  return { method: 'POST', path, headers: JSON_TYPE, body: JSON.stringify(body) };
}

/** POST routes and how to reach them; the audit ones need a recorded answer's id. */
function postPath(route: string, id: string, n: string): string {
  if (route === 'feedback') return `/api/audit/${id}/feedback`;
  if (route === 'citation-feedback') return `/api/audit/${id}/citations/${n}/feedback`;
  return route;
}

beforeAll(async () => {
  world = await createAuditedApp({ prefix: 'fuzz-', web: FAKE_WEB });
  ({ origin } = await world.listen());
  // A few recorded answers, so audit routes are fuzzed with ids that exist as well as ids that do not.
  answerIds = [];
  for (const question of [FIRST_SUMMIT, 'Who won the 2018 FIFA World Cup?', 'When was the second summit held?']) {
    answerIds.push(json(await send(postJson('/api/ask', { question }))).id as string);
  }
  await world.audited.flush();
  const page = json(await send({ method: 'GET', path: '/api/audit?limit=1' }));
  cursors = [page.nextCursor as string];
  passageIds = [...world.index.passagesById.keys()].slice(0, 3);
});

afterAll(async () => {
  keepAlive.destroy();
  await world?.dispose();
});

// After every property the server must still be up, still answer a plain question correctly,
// and not have logged a single unexpected error.
afterEach(async () => {
  const health = await send({ method: 'GET', path: '/healthz' });
  expect(health.status).toBe(200);
  expect(json(health)).toEqual({ status: 'ok' });
  const answer = await send(postJson('/api/ask', { question: FIRST_SUMMIT }));
  expect(answer.status).toBe(200);
  expect(json(answer).answer).toContain('December 13, 2005');
  await world.audited.flush();
  expect(world.audited.auditStats.failed).toBe(0);
  // Emptied each time, so one property's failure is not reported again by every later one.
  expect(world.errors.splice(0)).toEqual([]);
});

describe('fuzzing the HTTP API', () => {
  it('answers any body on any POST route with a 2xx or a 4xx in the route’s error shape', async () => {
    const route = fc.constantFrom('/api/ask', '/api/chat', '/api/verify', '/v1/chat/completions', 'feedback', 'citation-feedback');
    const request = route.chain((r) =>
      fc.record({
        path: fc.tuple(fc.constantFrom(...answerIds, 'no-such-answer'), fc.constantFrom('1', '0', '-1', '1e0', 'x', '99999999999999999999')).map(([id, n]) => postPath(r, id, n)),
        body: wireBody(r, answerIds),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ path, body }) => {
        await send({ method: 'POST', path, headers: JSON_TYPE, body });
      }),
      {
        numRuns: RUNS.bodies,
        // Found by this property: each once echoed an unpaired surrogate back as "\ud800".
        examples: [
          [{ path: '/api/chat', body: '{"messages":[{"role":"\\ud800"}]}' }],
          [{ path: `/api/audit/${answerIds[0]}/feedback`, body: '{"rating":"up","comment":"\\ud800"}' }],
          [{ path: `/api/audit/${answerIds[0]}/citations/1/feedback`, body: '{"supports":false,"comment":"x\\udc00"}' }],
          [{ path: '/api/verify', body: '{"answer":"[1]","citations":[{"n":1,"documentId":"\\ud800","quote":"\\udfff","start":0,"end":1}]}' }],
        ],
      },
    );
  });

  it('answers questions with control characters or unpaired surrogates with a 200 or a 400, echoing only well-formed text', async () => {
    const via = fc.constantFrom('/api/ask', '/api/chat', '/api/chat+stream', '/v1/chat/completions', '/v1/chat/completions+stream');
    const history = fc.array(fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), content: nastyString(80) }), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(via, fc.oneof(taintedQuestion, anyQuestion), history, async (route, question, turns) => {
        const [path, streamFlag] = route.split('+') as [string, string | undefined];
        const stream = streamFlag === 'stream';
        const messages = [...turns, { role: 'user', content: question }];
        const body =
          path === '/api/ask'
            ? { question, history: turns }
            : path === '/api/chat'
              ? { messages, stream }
              : { model: 'article-assistant', messages, stream };
        const res = await send(postJson(path, body));
        expect([200, 400]).toContain(res.status);
        const text = res.bytes.toString('utf8');
        if (res.status === 400) {
          const error = json(res).error;
          expect(errorFamily(path) === 'openai' ? error.type : error.code).toMatch(/^invalid_request/);
          expect(error.message).toMatch(/question|messages|history/);
          return;
        }
        // invariants.ts has already checked every string is well-formed; the echo itself must be
        // the question asked, cleaned: no controls, no unpaired surrogates, every letter and digit kept.
        const records = (stream ? sseEvents(text).map((e) => e.data) : [json(res)]) as EchoingRecord[];
        const record = records.find((r) => typeof r?.question === 'string' || r?.article_assistant !== undefined);
        const echoed = record?.question ?? record?.article_assistant?.standaloneQuestion;
        expect(typeof echoed).toBe('string');
        expect(INVISIBLE_CONTROL.test(echoed!)).toBe(false);
        if (record?.question !== undefined) expect(lettersAndDigits(record.question)).toBe(lettersAndDigits(question));
      }),
      { numRuns: RUNS.text },
    );
  });

  it('answers any query string on GET /api/audit with a page or a 400', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(cursors), async (query) => {
        const res = await send({ method: 'GET', path: `/api/audit${query}` });
        expect([200, 400]).toContain(res.status);
        if (res.status === 200) {
          const page = json(res);
          expect(Array.isArray(page.items)).toBe(true);
          expect(page.nextCursor === null || typeof page.nextCursor === 'string').toBe(true);
        }
      }),
      {
        numRuns: RUNS.query,
        // Found by this property: offsets zod's pattern accepts but no Date can hold were a 500.
        examples: [['?from=2026-01-01T00%3A00%3A00%2B99%3A99'], ['?to=0000-01-01T00%3A00%3A00%2B2400'], ['?from=2026-01-01T00%3A00%3A00-00%3A60']],
      },
    );
  });

  it('answers odd path segments on id routes with 200, 400, 404 or 405', async () => {
    const template = fc.constantFrom(
      'GET /api/documents/{}',
      'GET /api/passages/{}',
      'GET /api/audit/{}',
      'GET /v1/models/{}',
      'POST /api/audit/{}/feedback',
      'POST /api/audit/{}/citations/{}/feedback',
      'GET /assets/{}',
      'GET /audit/{}',
      'GET /api/{}',
      'GET /v1/{}',
      'GET /{}/healthz',
    );
    const known = ['article', 'article-assistant', ...passageIds, ...answerIds];
    await fc.assert(
      fc.asyncProperty(template, pathSegment(known), pathSegment(known), async (t, a, b) => {
        const [method, pattern] = t.split(' ') as [string, string];
        const path = pattern.replace('{}', a).replace('{}', b);
        const res = await send(method === 'POST' ? { ...postJson(path, { rating: 'up', supports: true }), method } : { method, path });
        expect([200, 201, 400, 404, 405]).toContain(res.status);
      }),
      { numRuns: RUNS.paths },
    );
  });

  it('answers odd headers with a 2xx, 3xx or a 4xx in the route’s error shape', async () => {
    const route = fc.constantFrom('/api/ask', '/api/chat', '/api/verify', '/v1/chat/completions', 'feedback', '/api/audit', '/v1/models', '/healthz', '/');
    const validBody = (path: string): unknown => {
      if (path === '/api/ask') return { question: FIRST_SUMMIT };
      if (path === '/api/verify') return { answer: 'x [1]', citations: [{ n: 1, documentId: 'article', quote: 'Russia', start: 0, end: 6 }] };
      if (path === 'feedback') return { rating: 'down', comment: 'fuzz' };
      return { model: 'article-assistant', messages: [{ role: 'user', content: FIRST_SUMMIT }], stream: false };
    };
    const extraName = fc.constantFrom('X-Request-Id', 'Authorization', 'Origin', 'Cookie', 'Range', 'If-None-Match', 'If-Modified-Since', 'X-Forwarded-For', 'X-HTTP-Method-Override', 'Accept-Encoding', 'Accept-Charset', 'Accept-Language', 'User-Agent', 'X-Padding');
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.oneof(fc.constant(undefined), wireBody('/api/ask', ['x'])),
        contentType,
        contentEncoding,
        accept,
        fc.array(fc.tuple(extraName, headerValue), { maxLength: 3 }),
        async (r, randomBody, type, encoding, acceptValue, extras) => {
          const isGet = r === '/api/audit' || r === '/v1/models' || r === '/healthz' || r === '/';
          const path = r === 'feedback' ? `/api/audit/${answerIds[0]}/feedback` : r;
          const wanted: Array<[string, string | undefined]> = [['Content-Type', type], ['Content-Encoding', encoding.header], ['Accept', acceptValue], ...extras];
          const headers: Record<string, string> = {};
          // Node answers 431 itself, before the app, once headers pass 16 KB: stay under 12 KB.
          let budget = 12_000;
          for (const [name, value] of wanted) {
            if (value !== undefined && value.length <= budget) (headers[name] = value), (budget -= value.length);
          }
          const text = randomBody ?? JSON.stringify(validBody(path));
          const req: RawRequest = isGet ? { method: 'GET', path, headers } : { method: 'POST', path, headers, body: encodeBody(text, encoding) };
          const res = await send(req);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS.headers },
    );
  });

  it('answers every method on every known path, with 405 and Allow where the path exists', async () => {
    const id = () => answerIds[0]!;
    const paths: Array<[string, string[] | null]> = [
      ['/api/ask', ['POST']],
      ['/api/chat', ['POST']],
      ['/api/audit', ['GET']],
      [`/api/audit/${id()}`, ['GET']],
      [`/api/audit/${id()}/feedback`, ['POST']],
      [`/api/audit/${id()}/citations/1/feedback`, ['POST']],
      ['/api/documents/article', ['GET']],
      [`/api/passages/${passageIds[0]}`, ['GET']],
      ['/api/verify', ['POST']],
      ['/healthz', ['GET']],
      ['/readyz', ['GET']],
      ['/metrics', ['GET']],
      ['/v1/models', ['GET']],
      ['/v1/models/article-assistant', ['GET']],
      ['/v1/chat/completions', ['POST']],
      // The UI's routes are GET only and have no 405 of their own: another method is a 404.
      ['/', null],
      ['/assets/app.js', null],
      ['/assets/app.css', null],
      ['/audit', null],
      ['/assets/audit.js', null],
      ['/assets/missing.js', null],
    ];
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
    const body = fc.oneof(
      fc.constant(undefined),
      fc.constant(JSON.stringify({ question: FIRST_SUMMIT, rating: 'up', supports: false, answer: 'x', citations: [], model: 'article-assistant', messages: [{ role: 'user', content: FIRST_SUMMIT }] })),
      wireBody('/api/ask', answerIds),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), method, body, async ([path, allowed], m, b) => {
        const res = await send({ method: m, path, headers: JSON_TYPE, ...(b === undefined ? {} : { body: b }) });
        if (!allowed) return;
        const allowedHere = allowed.includes(m) || (m === 'HEAD' && allowed.includes('GET'));
        if (allowedHere) {
          expect(res.status).not.toBe(405);
        } else {
          expect(res.status).toBe(405);
          expect(String(res.headers.allow).split(', ')).not.toContain(m);
        }
      }),
      { numRuns: RUNS.methods },
    );
  });
});
