import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestions } from '../../eval/question-set.js';
import { createAuditedApp, type AuditedApp } from './audited-app.js';
import { forcedGc, settledHeapUsed } from './forced-gc.js';

/**
 * A bounded load test on loopback: the app as `server/main.ts` wires it (audit trail on, rate
 * limit off) listening on 127.0.0.1, and autocannon in the same process asking the questions of
 * eval/questions.json in rotation over 32 connections. Three measured rounds follow a warm-up.
 *
 * Only counts are asserted — requests, errors, recorded answers, heap — never latency, so the
 * test holds on a busy two-core machine; the latency autocannon saw is printed for the reader.
 */

const CONNECTIONS = 32;
const WARM_UP_REQUESTS = 300;
const ROUND_REQUESTS = 1_500;
const ROUNDS = 3;
/** Heap may differ this much between the first and last round (after a forced GC) before it counts as growth. */
const HEAP_TOLERANCE_BYTES = 30 * 1024 * 1024;

interface Round {
  result: autocannon.Result;
  /** Answer ids the server returned, read from each response body. */
  ids: Set<string>;
  /** Responses whose body was not an answer record. */
  malformed: number;
  heapUsed: number;
  rss: number;
}

let world: AuditedApp;
let origin: string;
let questions: string[];
let next = 0;
const rounds: Round[] = [];
const answered = new Set<string>();

/** One round: `amount` POST /api/ask, each connection taking the next question in the shared rotation. */
async function round(amount: number, gc: () => void): Promise<Round> {
  const ids = new Set<string>();
  let malformed = 0;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/ask',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[next++ % questions.length] }) }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          const id = answerIdOf(body);
          if (id) ids.add(id);
          else malformed++;
        },
      },
    ],
  });
  for (const id of ids) answered.add(id);
  await world.audited.flush();
  const heapUsed = settledHeapUsed(gc);
  return { result, ids, malformed, heapUsed, rss: process.memoryUsage().rss };
}

/** The id of an answer record, or undefined when the body is not one. */
function answerIdOf(body: string): string | undefined {
  try {
    const record = JSON.parse(body) as { id?: unknown; answer?: unknown };
    return typeof record.id === 'string' && typeof record.answer === 'string' ? record.id : undefined;
  } catch {
    return undefined;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

beforeAll(async () => {
  world = await createAuditedApp({ prefix: 'load-' });
  ({ origin } = await world.listen());
  questions = (await loadQuestions()).map((q) => q.question);
  const gc = forcedGc();
  await round(WARM_UP_REQUESTS, gc);
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(ROUND_REQUESTS, gc));
  console.info(
    rounds
      .map(({ result: r, heapUsed, rss }, i) =>
        `round ${i + 1}: ${r['2xx']}/${ROUND_REQUESTS} 2xx in ${r.duration.toFixed(1)} s (${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms), heap ${mb(heapUsed)}, rss ${mb(rss)}`,
      )
      .join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await world?.dispose();
});

describe(`POST /api/ask under load (${ROUNDS} rounds of ${ROUND_REQUESTS} requests, ${CONNECTIONS} connections)`, () => {
  it('answers every request of every round with a 2xx and no error or timeout', () => {
    for (const { result, ids, malformed } of rounds) {
      expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, malformed }).toEqual({ errors: 0, timeouts: 0, non2xx: 0, malformed: 0 });
      expect(result['2xx']).toBe(ROUND_REQUESTS);
      expect(ids.size).toBe(ROUND_REQUESTS);
    }
  });

  it('records every answer it gave in the audit trail, and nothing else', () => {
    expect(world.audited.auditStats.failed).toBe(0);
    expect(world.errors).toEqual([]);
    const db = new Database(world.auditFile, { readonly: true });
    try {
      const stored = new Set((db.prepare('SELECT id FROM answers').all() as Array<{ id: string }>).map((r) => r.id));
      expect(stored.size).toBe(WARM_UP_REQUESTS + ROUNDS * ROUND_REQUESTS);
      expect([...answered].filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('holds its heap steady from the first round to the last', () => {
    const first = rounds[0]!.heapUsed;
    const last = rounds[rounds.length - 1]!.heapUsed;
    expect(last - first).toBeLessThanOrEqual(HEAP_TOLERANCE_BYTES);
  });
});
