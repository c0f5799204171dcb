import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { percentile } from './stats.js';

/** How long `npm run ingest -- --force` takes on the article, as a whole process: what a user waits for. */
export interface ArticleIngestResult {
  medianMs: number;
  minMs: number;
  runs: number;
}

const run = promisify(execFile);

/** The command itself, npm included: npm's start-up and the bundling step are part of the wait. */
const INGEST = ['run', '--silent', 'ingest', '--', '--force'];

export async function benchArticleIngest(env: NodeJS.ProcessEnv, runs: number): Promise<ArticleIngestResult> {
  // The first build also fills the WordNet cache in MODELS_DIR; later builds are what users see.
  await run('npm', INGEST, { env });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run('npm', INGEST, { env });
    samples.push(performance.now() - started);
  }
  return { medianMs: Math.round(percentile(samples, 50)), minMs: Math.round(Math.min(...samples)), runs };
}
