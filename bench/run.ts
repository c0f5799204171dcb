import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import { loadQuestions } from '../eval/question-set.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { loadAssistant } from '../server/load-assistant.js';

/**
 * `npm run bench`: the speed targets of the core pipeline, measured on this machine with the
 * built-in offline embedder. Ingest is timed as a whole process (what a user waits for); answers
 * are timed server-side (`timings.totalMs`) and end to end over loopback HTTP, after warm-up.
 */

const INGEST_RUNS = 5;
const WARM_UP_REQUESTS = 50;
const MEASURED_REQUESTS = 500;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summary(values: readonly number[]) {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)), n: values.length };
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'bench-'));
  const base = loadConfig();
  const env = { ...process.env, EMBEDDINGS: 'local', VECTORS_DIR: path.join(work, 'vectors'), MODELS_DIR: base.embeddings.modelDir };
  const tsx = path.resolve('node_modules/.bin/tsx');
  try {
    // The first build also fills the WordNet cache in MODELS_DIR; later builds are what users see.
    execFileSync(tsx, ['ingest/cli.ts', '--force'], { env, stdio: 'ignore' });
    const ingestMs: number[] = [];
    for (let i = 0; i < INGEST_RUNS; i++) {
      const started = performance.now();
      execFileSync(tsx, ['ingest/cli.ts', '--force'], { env, stdio: 'ignore' });
      ingestMs.push(performance.now() - started);
    }
    process.stderr.write(`ingest (whole process, --force): median ${percentile(ingestMs, 50).toFixed(0)} ms over ${INGEST_RUNS} runs\n`);

    const config = loadConfig(env);
    const { assistant, index } = await loadAssistant(config);
    const server = createServer(createApp({ assistant, index }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ask`;
    const questions = (await loadQuestions()).map((q) => q.question);
    const serverMs: number[] = [];
    const roundTripMs: number[] = [];
    for (let i = 0; i < WARM_UP_REQUESTS + MEASURED_REQUESTS; i++) {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: questions[i % questions.length] }),
      });
      const body = (await response.json()) as { timings: { totalMs: number } };
      if (response.status !== 200) throw new Error(`POST /api/ask answered ${response.status}`);
      if (i >= WARM_UP_REQUESTS) {
        roundTripMs.push(performance.now() - started);
        serverMs.push(body.timings.totalMs);
      }
    }
    server.close();

    const results = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      embedder: index.manifest.embedder.id,
      chunks: index.manifest.chunkCount,
      ingestWallMs: { median: Math.round(percentile(ingestMs, 50)), min: Math.round(Math.min(...ingestMs)), runs: INGEST_RUNS },
      askServerMs: summary(serverMs),
      askRoundTripMs: summary(roundTripMs),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
    await writeFile(path.join('bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
