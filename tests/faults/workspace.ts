import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestArticleInto } from '../fixtures/article-index.js';

/** A temp folder for one test file: models, vectors, audit databases. */
export interface Workspace {
  dir: string;
  modelsDir: string;
  remove(): Promise<void>;
}

export const ARTICLE = 'data/article.txt';
export const QUESTION = 'When was the first Russia-ASEAN summit held?';
/** What an extractive answer to QUESTION quotes from the article. */
export const ANSWER_FACT = 'December 13, 2005';

/** Creates the workspace; the WordNet graph and word vectors come from the checkout's shared cache. */
export async function createWorkspace(prefix: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), `faults-${prefix}-`));
  const modelsDir = join(dir, 'models');
  await mkdir(modelsDir);
  return { dir, modelsDir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Builds the article's index (local embedder) into `vectorsDir`, in process, as `npm run ingest` would. */
export async function buildArticleIndex(workspace: Workspace, vectorsDir: string): Promise<void> {
  await ingestArticleInto(vectorsDir, workspace.modelsDir, ARTICLE);
}
