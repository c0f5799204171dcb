import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestArticleInto } from '../fixtures/article-index.js';
import { ROOT } from './child-process.js';

/** A temp folder for one test file: models (with the WordNet graph), vectors, audit databases. */
export interface Workspace {
  dir: string;
  modelsDir: string;
  remove(): Promise<void>;
}

export const ARTICLE = 'data/article.txt';
export const QUESTION = 'When was the first Russia-ASEAN summit held?';
/** What an extractive answer to QUESTION quotes from the article. */
export const ANSWER_FACT = 'December 13, 2005';

/**
 * Creates the workspace. The WordNet graph cached under models/ is copied when present, so the
 * test does not spend seconds rebuilding it; without it, the first ingest builds it.
 */
export async function createWorkspace(prefix: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), `faults-${prefix}-`));
  const modelsDir = join(dir, 'models');
  await mkdir(modelsDir);
  const cached = await readdir(join(ROOT, 'models')).catch(() => [] as string[]);
  for (const file of cached.filter((f) => /^wordnet-.*-graph\.tsv$/.test(f))) {
    await copyFile(join(ROOT, 'models', file), join(modelsDir, file));
  }
  return { dir, modelsDir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Builds the article's index (local embedder) into `vectorsDir`, in process, as `npm run ingest` would. */
export async function buildArticleIndex(workspace: Workspace, vectorsDir: string): Promise<void> {
  await ingestArticleInto(vectorsDir, workspace.modelsDir, ARTICLE);
}
