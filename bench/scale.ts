import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../ingest/embedder-settings.js';
import { ingest } from '../ingest/ingest.js';
import type { Progress } from '../ingest/progress.js';
import type { Config } from '../server/config.js';
import { loadIndex } from '../server/index-store.js';
import { analyzeQuery } from '../server/query.js';
import { createRetriever } from '../server/retrieve.js';
import { writeCorpus, type CorpusStats } from './corpus.js';
import { rssMiB } from './machine.js';
import { round, timeEach, type Percentiles } from './stats.js';

/**
 * Ingest and retrieval at scale: a synthetic corpus of about `size` chunks is written, ingested
 * in-process through `ingest()` with the built-in embedder, loaded back, and searched.
 */

export interface ScaleResult {
  targetChunks: number;
  chunks: number;
  corpus: CorpusStats;
  /** Whole `ingest()` call. */
  ingestSeconds: number;
  chunksPerSecond: number;
  /** Where the ingest time went: reading and chunking, embedding plus HNSW insertion, the rest (BM25, thesaurus, writing). */
  phasesSeconds: { prepare: number; embedAndIndex: number; finish: number };
  indexMiB: number;
  loadSeconds: number;
  /** Retrieval alone (analyzeQuery + retrieve, top 5), in milliseconds. */
  retrieveMs: Percentiles;
  /** The parts of retrieval timed on their own: query embedding, HNSW top-20, BM25 top-20. */
  retrievePartsMs: { embedQuery: Percentiles; dense: Percentiles; lexical: Percentiles };
  /** RSS of the bench process with this index loaded. */
  rssMiB: number | null;
}

const WARM_UP_QUERIES = 50;
const MEASURED_QUERIES = 500;
/** What retrieve() asks each index for at top 5: max(20, 4 × topK). */
const CANDIDATES = 20;

async function sizeOf(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

const quiet: Logger = { info() {}, warn() {}, error() {} };

/** Times the phases of `ingest()` from its progress reports: embedding starts when the bar is created. */
function phaseClock(label: string, out: (line: string) => void) {
  const started = performance.now();
  let embedStart = started;
  let embedEnd = started;
  const progress = (_label: string, total: number): Progress => {
    embedStart = performance.now();
    let quarter = 0;
    return {
      update(done) {
        const q = Math.floor((done / Math.max(1, total)) * 4);
        if (q > quarter && q < 4) out(`  ${label}: embedded ${done}/${total} chunks\n`);
        quarter = Math.max(quarter, q);
      },
      finish() {
        embedEnd = performance.now();
      },
    };
  };
  const phases = (end: number) => ({
    prepare: round((embedStart - started) / 1000),
    embedAndIndex: round((embedEnd - embedStart) / 1000),
    finish: round((end - embedEnd) / 1000),
  });
  return { progress, phases };
}

export async function benchScale(options: {
  size: number;
  workDir: string;
  config: Config;
  articleFile: string;
  queries: readonly string[];
  log: (line: string) => void;
}): Promise<ScaleResult> {
  const { size, workDir, config, log } = options;
  const corpusDir = path.join(workDir, `corpus-${size}`);
  const vectorsDir = path.join(workDir, `vectors-${size}`);
  const embeddings = { ...config.embeddings, mode: 'local' as const };

  log(`scale ${size}: writing the synthetic corpus\n`);
  const corpus = await writeCorpus(corpusDir, size, config.chunk, options.articleFile);
  log(`scale ${size}: ${corpus.files} files, ${corpus.sentences} sentences, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB; ingesting\n`);

  const clock = phaseClock(`scale ${size}`, log);
  const result = await ingest({ inputs: [corpusDir], vectorsDir, chunk: config.chunk, embeddings, force: true, log: quiet, progress: clock.progress });
  const ingestEnd = performance.now();
  const chunks = result.manifest.chunkCount;
  log(`scale ${size}: ${chunks} chunks in ${result.seconds.toFixed(1)} s; loading and querying\n`);

  const loadStarted = performance.now();
  const index = await loadIndex(vectorsDir, embeddings);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const retriever = createRetriever(index);
  const retrieveMs = await timeEach(options.queries, WARM_UP_QUERIES, MEASURED_QUERIES, (q) =>
    retriever.retrieve(analyzeQuery(q, index), { topK: 5 }),
  );

  // The same calls retrieve() makes, one at a time, to show which part grows with the corpus.
  const analyzed = options.queries.map((q) => analyzeQuery(q, index));
  const denseText = (q: (typeof analyzed)[number]) => (index.expandDenseQueries ? q.expandedText : q.text);
  const vectors = await Promise.all(analyzed.map((q) => index.embedder.embedQuery(denseText(q))));
  const retrievePartsMs = {
    embedQuery: await timeEach(analyzed, WARM_UP_QUERIES, MEASURED_QUERIES, (q) => index.embedder.embedQuery(denseText(q))),
    dense: await timeEach(vectors, WARM_UP_QUERIES, MEASURED_QUERIES, (v) => index.dense.similaritySearchVectorWithScore(v, CANDIDATES)),
    lexical: await timeEach(analyzed, WARM_UP_QUERIES, MEASURED_QUERIES, (q) => index.lexical.search(q.weighted, CANDIDATES)),
  };

  return {
    targetChunks: size,
    chunks,
    corpus,
    ingestSeconds: round(result.seconds),
    chunksPerSecond: Math.round(chunks / result.seconds),
    phasesSeconds: clock.phases(ingestEnd),
    indexMiB: round((await sizeOf(vectorsDir)) / 2 ** 20, 1),
    loadSeconds: round(loadSeconds),
    retrieveMs,
    retrievePartsMs,
    rssMiB: rssMiB(process.pid),
  };
}
