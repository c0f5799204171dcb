import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { loadQuestions } from '../eval/question-set.js';
import { loadConfig } from '../server/config.js';
import { benchArticleIngest } from './article-ingest.js';
import { benchArticleQuery } from './article-query.js';
import { benchHttp, benchUncached, type HttpResult } from './http.js';
import { describeMachine } from './machine.js';
import { checkTargets, markdown, type BenchResults } from './report.js';
import type { ScaleResult } from './scale.js';
import { startServer } from './server-process.js';
import { bundleServer, SERVER_NODE_FLAGS } from '../server/bundle.js';

/**
 * `npm run bench [-- --sizes 10000,100000] [--seconds 5] [--connections 1,8,32]`: the speed of
 * the offline pipeline on this machine, with the built-in embedder and no language model.
 *
 * 1. ingest of the article as a whole process, then in-process retrieval and answering on it;
 * 2. HTTP load on a server in a child process (`POST /api/ask` against `GET /healthz`), with
 *    its memory sampled from /proc;
 * 3. ingest and retrieval on synthetic corpora of about `--sizes` chunks (`--sizes none` skips).
 *
 * Everything is built in a temp folder that is removed afterwards; results go to
 * bench/results.json (git-ignored) and stdout, with the README table as Markdown.
 */

const ARTICLE_INGEST_RUNS = 5;
const USAGE = 'usage: npm run bench [-- --sizes 10000,100000|none] [--seconds 5] [--connections 1,8,32]';

function numbers(value: string, option: string, min: number, max: number): number[] {
  if (value === 'none') return [];
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < min || n > max)) {
    throw new Error(`--${option} ${value}: expected whole numbers from ${min} to ${max}, comma-separated; ${USAGE}`);
  }
  return list;
}

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { sizes: { type: 'string', default: '10000,100000' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '1,8,32' } },
  });
  const [seconds] = numbers(values.seconds, 'seconds', 1, 60);
  return {
    sizes: numbers(values.sizes, 'sizes', 100, 1_000_000),
    seconds: seconds!,
    connections: numbers(values.connections, 'connections', 1, 256),
  };
}

const log = (line: string) => process.stderr.write(line);

/**
 * The bench's own environment: offline embedder, no language model, no API keys, nothing written
 * outside `work`. The per-client rate limit is off: the load generator is one client sending
 * thousands of requests a second on purpose.
 */
function benchEnv(work: string, modelDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDINGS: 'local',
    VECTORS_DIR: path.join(work, 'vectors'),
    MODELS_DIR: modelDir,
    AUDIT: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
  };
  for (const name of ['LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY', 'API_KEY', 'AUDIT_API_KEY']) delete env[name];
  return env;
}

/** Heap for the 100,000-chunk build: its passages, documents and docstore outgrow Node's default. */
const SCALE_HEAP_MB = 8192;

/** Runs bench/scale-worker.ts for one corpus size; its progress lines pass through to stderr. */
async function scaleInChild(tsx: string, env: NodeJS.ProcessEnv, size: number, work: string): Promise<ScaleResult> {
  const child = promisify(execFile)(tsx, ['bench/scale-worker.ts', String(size), work], {
    env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --max-old-space-size=${SCALE_HEAP_MB}`.trim() },
    maxBuffer: 16 * 2 ** 20,
  });
  child.child.stderr?.pipe(process.stderr);
  const { stdout } = await child;
  return JSON.parse(stdout.trim().split('\n').pop()!) as ScaleResult;
}

async function main(): Promise<void> {
  const args = options(process.argv.slice(2));
  const started = performance.now();
  const loadStart = loadavg()[0]!;
  const work = await mkdtemp(path.join(tmpdir(), 'bench-'));
  const env = benchEnv(work, loadConfig().embeddings.modelDir);
  const config = loadConfig(env);
  const tsx = path.resolve('node_modules/.bin/tsx');
  const questions = await loadQuestions();
  try {
    log('article: ingest as a whole process\n');
    const articleIngest = await benchArticleIngest(env, ARTICLE_INGEST_RUNS);
    log(`article: ingest median ${articleIngest.medianMs} ms; in-process queries\n`);
    const articleQuery = await benchArticleQuery(config, questions);
    log(`article: retrieval p50 ${articleQuery.retrieveMs.p50} ms, answer p50 ${articleQuery.askMs.p50} ms\n`);

    let http: HttpResult | null = null;
    if (args.connections.length > 0) {
      // What `npm start` runs: the bundled server on plain node.
      const bundle = await bundleServer();
      const serve = (extra: NodeJS.ProcessEnv, logName: string) =>
        startServer(process.execPath, bundle, { ...env, ...extra, PORT: '0', HOST: '127.0.0.1' }, path.join(work, logName), SERVER_NODE_FLAGS);
      const server = await serve({}, 'server.log');
      log(`http: server pid ${server.pid} at ${server.url}\n`);
      try {
        http = await benchHttp({ url: server.url, pid: server.pid, questions, connections: args.connections, seconds: args.seconds, log });
      } finally {
        await server.stop();
      }
      // The questions repeat, so the run above mostly reuses answers; this one answers every question afresh.
      const fresh = await serve({ ANSWER_CACHE_SIZE: '0' }, 'server-uncached.log');
      log(`http: server without answer reuse, pid ${fresh.pid}\n`);
      try {
        http.uncached = await benchUncached({ url: fresh.url, pid: fresh.pid, questions, connections: Math.max(...args.connections), seconds: args.seconds, log });
      } finally {
        await fresh.stop();
      }
    }

    const scale: ScaleResult[] = [];
    for (const size of args.sizes) {
      scale.push(await scaleInChild(tsx, env, size, work));
      // A 100,000-chunk corpus and index take about a gigabyte; the next size does not need them.
      await Promise.all(['corpus', 'vectors'].map((d) => rm(path.join(work, `${d}-${size}`), { recursive: true, force: true })));
    }

    const partial: Omit<BenchResults, 'targets'> = {
      date: new Date().toISOString(),
      machine: describeMachine(),
      loadAverage: { start: Math.round(loadStart * 100) / 100, end: Math.round(loadavg()[0]! * 100) / 100 },
      embedder: `local-hash-${config.embeddings.localDimensions}`,
      totalSeconds: Math.round((performance.now() - started) / 1000),
      ingest: { article: { ...articleIngest, chunks: articleQuery.chunks }, scale },
      query: { article: articleQuery },
      http,
    };
    const results: BenchResults = { ...partial, targets: checkTargets(partial) };
    await writeFile(path.join('bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n\n${markdown(results)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
