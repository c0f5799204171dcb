import type { ArticleIngestResult } from './article-ingest.js';
import type { ArticleQueryResult } from './article-query.js';
import type { HttpResult, LoadRun } from './http.js';
import type { Machine } from './machine.js';
import type { ScaleResult } from './scale.js';

/** Everything one `npm run bench` measured; written to bench/results.json. */
export interface BenchResults {
  date: string;
  machine: Machine;
  /** 1-minute load average before and after: other work on the machine skews every number. */
  loadAverage: { start: number; end: number };
  embedder: string;
  totalSeconds: number;
  ingest: { article: ArticleIngestResult & { chunks: number }; scale: ScaleResult[] };
  query: { article: ArticleQueryResult };
  http: HttpResult | null;
  targets: TargetCheck[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** null when the run did not measure it (e.g. `--sizes 10000`). */
  met: boolean | null;
}

function run(http: HttpResult | null, path: string, connections: number): LoadRun | undefined {
  return http?.runs.find((r) => r.path === path && r.connections === connections);
}

/** The project's speed targets, checked against what was measured. */
export function checkTargets(r: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const ask32 = run(r.http, '/api/ask', 32);
  const health32 = run(r.http, '/healthz', 32);
  const failures = (r.http?.allRuns ?? r.http?.runs)?.reduce((n, x) => n + x.errors + x.timeouts + x.non2xx, 0);
  const big = r.ingest.scale.find((s) => s.targetChunks === 100_000);
  const rss = r.http?.rssMiB.underLoadMax ?? null;
  const ratio = ask32 && health32 ? ask32.reqPerSec / health32.reqPerSec : undefined;
  const unmeasured = (name: string, target: string): TargetCheck => ({ name, target, measured: 'not measured', met: null });
  const ingestSeconds = r.ingest.article.medianMs / 1000;
  return [
    { name: 'article ingest, whole process (`npm run ingest -- --force`)', target: '< 2 s', measured: `${ingestSeconds.toFixed(2)} s (median of ${r.ingest.article.runs})`, met: ingestSeconds < 2 },
    { name: 'answer p50 after warm-up, in-process (`assistant.ask`)', target: '< 10 ms', measured: `${r.query.article.askMs.p50} ms`, met: r.query.article.askMs.p50 < 10 },
    ask32 && health32 && ratio !== undefined
      ? { name: 'ask throughput at 32 connections', target: '≥ 0.5 × healthz', measured: `${ask32.reqPerSec} vs ${health32.reqPerSec} req/s (${ratio.toFixed(3)} ×)`, met: ratio >= 0.5 }
      : unmeasured('ask throughput at 32 connections', '≥ 0.5 × healthz'),
    ask32
      ? { name: 'ask p99 at 32 connections', target: '< 50 ms', measured: `${ask32.latencyMs.p99} ms`, met: ask32.latencyMs.p99 < 50 }
      : unmeasured('ask p99 at 32 connections', '< 50 ms'),
    failures !== undefined
      ? { name: 'HTTP errors, timeouts and non-2xx', target: '0', measured: String(failures), met: failures === 0 }
      : unmeasured('HTTP errors, timeouts and non-2xx', '0'),
    { name: 'retrieval p50, article', target: '< 5 ms', measured: `${r.query.article.retrieveMs.p50} ms`, met: r.query.article.retrieveMs.p50 < 5 },
    big
      ? { name: `retrieval p50, ${big.chunks} chunks`, target: '< 20 ms', measured: `${big.retrieveMs.p50} ms`, met: big.retrieveMs.p50 < 20 }
      : unmeasured('retrieval p50, 100,000 chunks', '< 20 ms'),
    rss !== null
      ? { name: 'server RSS serving the article (max under load)', target: '< 200 MB', measured: `${rss} MiB (${(rss * MB_PER_MIB).toFixed(1)} MB)`, met: rss * MB_PER_MIB < 200 }
      : unmeasured('server RSS serving the article', '< 200 MB'),
  ];
}

/** The target is in MB (10^6 bytes); RSS is read in MiB (2^20 bytes). */
const MB_PER_MIB = 1.048576;

const mark = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'MISSED');

/** The tables README's "Speed" section shows, in Markdown. */
export function markdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    `Measured ${r.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node} (${m.platform}); load average ${r.loadAverage.start} before, ${r.loadAverage.end} after; embedder ${r.embedder}; the whole run took ${(r.totalSeconds / 60).toFixed(1)} min.`,
    '',
    '| Ingest | chunks | seconds | chunks/s | index on disk |',
    '|---|---:|---:|---:|---:|',
    `| article, whole process (\`npm run ingest -- --force\`, median of ${r.ingest.article.runs}) | ${r.ingest.article.chunks} | ${(r.ingest.article.medianMs / 1000).toFixed(2)} | – | – |`,
    ...r.ingest.scale.map((s) => `| synthetic, in-process \`ingest()\` | ${s.chunks} | ${s.ingestSeconds} | ${s.chunksPerSecond} | ${s.indexMiB} MiB |`),
    '',
    '| Query, in-process, after warm-up | p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|',
    `| article (${r.query.article.chunks} chunks): retrieval | ${r.query.article.retrieveMs.p50} | ${r.query.article.retrieveMs.p95} | ${r.query.article.retrieveMs.p99} |`,
    `| article: whole answer (\`assistant.ask\`) | ${r.query.article.askMs.p50} | ${r.query.article.askMs.p95} | ${r.query.article.askMs.p99} |`,
    ...r.ingest.scale.flatMap((s) => [
      `| synthetic (${s.chunks} chunks): retrieval | ${s.retrieveMs.p50} | ${s.retrieveMs.p95} | ${s.retrieveMs.p99} |`,
      `| … of which query embedding | ${s.retrievePartsMs.embedQuery.p50} | ${s.retrievePartsMs.embedQuery.p95} | ${s.retrievePartsMs.embedQuery.p99} |`,
      `| … of which HNSW top 20 | ${s.retrievePartsMs.dense.p50} | ${s.retrievePartsMs.dense.p95} | ${s.retrievePartsMs.dense.p99} |`,
      `| … of which BM25 top 20 | ${s.retrievePartsMs.lexical.p50} | ${s.retrievePartsMs.lexical.p95} | ${s.retrievePartsMs.lexical.p99} |`,
    ]),
    '',
    ...r.ingest.scale.map(
      (s) =>
        `Ingest of ${s.chunks} chunks: ${s.phasesSeconds.prepare} s reading, sentence-splitting and fitting the embedder, ${s.phasesSeconds.embedAndIndex} s embedding and inserting into HNSW, ${s.phasesSeconds.finish} s BM25, thesaurus and writing; ${s.loadSeconds} s to load; worker RSS after building and loading ${s.rssMiB} MiB.`,
    ),
  ];
  if (r.http) {
    lines.push(
      '',
      `| HTTP, ${r.http.durationSeconds} s per run | connections | req/s | p50 ms | p99 ms | errors + non-2xx | server CPU ms/request | ask ÷ healthz |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...r.http.runs.map(
        (x) =>
          `| \`${x.path === '/api/ask' ? 'POST' : 'GET'} ${x.path}\` | ${x.connections} | ${x.reqPerSec} | ${x.latencyMs.p50} | ${x.latencyMs.p99} | ${x.errors + x.timeouts + x.non2xx} | ${x.serverCpuMsPerRequest ?? '–'} | ${x.path === '/api/ask' ? r.http!.askToHealthzRatio[String(x.connections)] : ''} |`,
      ),
      '',
      `Each row pair is the median of ${Object.values(r.http.askToHealthzRatios ?? {})[0]?.length ?? 1} alternating healthz/ask pairs; every pair's ask ÷ healthz: ${Object.entries(r.http.askToHealthzRatios ?? {})
        .map(([c, list]) => `${c} connections ${list.join(', ')}`)
        .join('; ')}.`,
      ...(r.http.uncached
        ? [
            '',
            `The evaluation questions repeat during a run, so most answers above are reused (\`cached: true\`). The same server without reuse (\`ANSWER_CACHE_SIZE=0\`), every question answered afresh, at ${r.http.uncached.ask.connections} connections: \`POST /api/ask\` ${r.http.uncached.ask.reqPerSec} req/s, p50 ${r.http.uncached.ask.latencyMs.p50} ms, p99 ${r.http.uncached.ask.latencyMs.p99} ms, ${r.http.uncached.ask.errors + r.http.uncached.ask.timeouts + r.http.uncached.ask.non2xx} errors + non-2xx, against \`GET /healthz\` ${r.http.uncached.health.reqPerSec} req/s (${r.http.uncached.askToHealthzRatio} ×).`,
            '',
          ]
        : []),
      `Inside the server (its /metrics): \`POST /api/ask\` ${r.http.server.meanRequestMs['/api/ask']} ms mean, of which retrieve ${r.http.server.meanStageMs.retrieve} ms and answer ${r.http.server.meanStageMs.answer} ms; \`GET /healthz\` ${r.http.server.meanRequestMs['/healthz']} ms mean.`,
      '',
      `Server RSS: ${r.http.rssMiB.started} MiB just started, ${r.http.rssMiB.atRest} MiB at rest after warm-up, ${r.http.rssMiB.underLoadMax} MiB at most under 32-connection load.`,
    );
  }
  lines.push('', '| Target | goal | measured | |', '|---|---|---|---|', ...r.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${mark(t.met)} |`));
  return lines.join('\n');
}
