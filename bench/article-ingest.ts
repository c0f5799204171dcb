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

export async function benchArticleIngest(tsx: string, env: NodeJS.ProcessEnv, runs: number): Promise<ArticleIngestResult> {
  // The first build also fills the WordNet cache in MODELS_DIR; later builds are what users see.
  await run(tsx, ['ingest/cli.ts', '--force'], { env });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(tsx, ['ingest/cli.ts', '--force'], { env });
    samples.push(performance.now() - started);
  }
  return { medianMs: Math.round(percentile(samples, 50)), minMs: Math.round(Math.min(...samples)), runs };
}
