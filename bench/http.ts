import autocannon from 'autocannon';
import type { EvalQuestion } from '../eval/question-set.js';
import { cpuSeconds, rssMiB } from './machine.js';
import { scrapeServerView, type ServerView } from './scrape.js';
import { round } from './stats.js';

/**
 * HTTP load against the server process: `POST /api/ask` with the evaluation questions in turn,
 * and `GET /healthz` on the same server as the ceiling of what Express alone can serve here.
 */

export interface LoadRun {
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Server CPU time (all threads) over the run ÷ requests answered: what one request costs. */
  serverCpuMsPerRequest: number | null;
}

export interface HttpResult {
  durationSeconds: number;
  runs: LoadRun[];
  /**
   * ask req/s ÷ healthz req/s, per connection count: the median of PAIRS alternating runs (a
   * 2-core machine's throughput drifts by a third between 5-second runs); `runs` holds that pair.
   */
  askToHealthzRatio: Record<string, number>;
  /** Every pair's ratio, per connection count, in the order they ran. */
  askToHealthzRatios: Record<string, number[]>;
  /** Every run, the pairs not reported included (their errors count too). */
  allRuns: LoadRun[];
  /** The same at the highest connection count on a server that reuses no answers (ANSWER_CACHE_SIZE=0). */
  uncached?: { health: LoadRun; ask: LoadRun; askToHealthzRatio: number };
  /** The server's own /metrics after all runs, warm-up included. */
  server: ServerView;
  rssMiB: {
    /** Just after start, before any request. */
    started: number | null;
    /** After the warm-up, idle. */
    atRest: number | null;
    /** Highest sample during the 32-connection ask run (every 100 ms). */
    underLoadMax: number | null;
  };
}

const WARM_UP_SECONDS = 3;
/** healthz-then-ask pairs run per connection count; the median pair is reported. */
const PAIRS = 3;
const RSS_SAMPLE_MS = 100;

/** One progress line's worth of a run. */
function describeRun(r: LoadRun): string {
  return `${r.path} ×${r.connections}: ${r.reqPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors + r.timeouts}, non-2xx ${r.non2xx}, server CPU ${r.serverCpuMsPerRequest} ms/request`;
}

/** One autocannon request definition that sends the next question on every call. */
function askRequests(questions: readonly EvalQuestion[]): autocannon.Request[] {
  const bodies = questions.map((q) => JSON.stringify({ question: q.question, ...(q.history ? { history: q.history } : {}) }));
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/ask',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
    },
  ];
}

async function load(url: string, pid: number, path: string, connections: number, seconds: number, questions: readonly EvalQuestion[]): Promise<LoadRun> {
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(path === '/api/ask' ? { requests: askRequests(questions) } : { requests: [{ method: 'GET', path }] }),
  });
  return {
    path,
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.total / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    serverCpuMsPerRequest: cpuMs(cpuBefore, cpuSeconds(pid), result.requests.total),
  };
}

function cpuMs(before: number | null, after: number | null, requests: number): number | null {
  return before === null || after === null || requests === 0 ? null : round(((after - before) * 1000) / requests, 3);
}

/** Samples the RSS of `pid` until stopped; returns the highest value seen. */
function sampleRss(pid: number): () => number | null {
  let max: number | null = null;
  const take = () => {
    const now = rssMiB(pid);
    if (now !== null && (max === null || now > max)) max = now;
  };
  take();
  const timer = setInterval(take, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    take();
    return max;
  };
}

export async function benchHttp(options: {
  url: string;
  pid: number;
  questions: readonly EvalQuestion[];
  connections: readonly number[];
  seconds: number;
  log: (line: string) => void;
}): Promise<HttpResult> {
  const { url, pid, questions, seconds, log } = options;
  const started = rssMiB(pid);
  await load(url, pid, '/healthz', 8, WARM_UP_SECONDS, questions);
  await load(url, pid, '/api/ask', 8, WARM_UP_SECONDS, questions);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const atRest = rssMiB(pid);

  const runs: LoadRun[] = [];
  const allRuns: LoadRun[] = [];
  const askToHealthzRatio: Record<string, number> = {};
  const askToHealthzRatios: Record<string, number[]> = {};
  let underLoadMax: number | null = null;
  const most = Math.max(...options.connections);
  for (const connections of options.connections) {
    const pairs: Array<{ health: LoadRun; ask: LoadRun; ratio: number }> = [];
    for (let i = 0; i < PAIRS; i++) {
      const health = await load(url, pid, '/healthz', connections, seconds, questions);
      const stopSampling = connections === most ? sampleRss(pid) : undefined;
      const ask = await load(url, pid, '/api/ask', connections, seconds, questions);
      if (stopSampling) underLoadMax = Math.max(underLoadMax ?? 0, stopSampling() ?? 0);
      pairs.push({ health, ask, ratio: round(ask.reqPerSec / Math.max(1, health.reqPerSec), 3) });
      allRuns.push(health, ask);
      for (const r of [health, ask]) {
        log(`http ${describeRun(r)}\n`);
      }
    }
    const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]!;
    runs.push(median.health, median.ask);
    askToHealthzRatio[String(connections)] = median.ratio;
    askToHealthzRatios[String(connections)] = pairs.map((p) => p.ratio);
  }
  const server = await scrapeServerView(url, ['/healthz', '/api/ask']);
  return { durationSeconds: seconds, runs, allRuns, askToHealthzRatio, askToHealthzRatios, server, rssMiB: { started, atRest, underLoadMax } };
}

/** `GET /healthz` and `POST /api/ask` at one connection count, after a short warm-up: for a server that reuses no answers. */
export async function benchUncached(options: {
  url: string;
  pid: number;
  questions: readonly EvalQuestion[];
  connections: number;
  seconds: number;
  log: (line: string) => void;
}): Promise<NonNullable<HttpResult['uncached']>> {
  const { url, pid, questions, connections, seconds, log } = options;
  await load(url, pid, '/healthz', 8, WARM_UP_SECONDS, questions);
  await load(url, pid, '/api/ask', 8, WARM_UP_SECONDS, questions);
  const health = await load(url, pid, '/healthz', connections, seconds, questions);
  const ask = await load(url, pid, '/api/ask', connections, seconds, questions);
  for (const r of [health, ask]) {
    log(`http (no answer reuse) ${describeRun(r)}\n`);
  }
  return { health, ask, askToHealthzRatio: round(ask.reqPerSec / Math.max(1, health.reqPerSec), 3) };
}
