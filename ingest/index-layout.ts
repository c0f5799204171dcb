import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type Manifest } from './manifest.js';

/**
 * Where an index lives inside the vectors folder. Each build goes into its own `index-<time>`
 * folder and the `current` symlink is swapped to it in one rename, so a reader sees either the old
 * index or the new one, never half of each, and a crash mid-build leaves `current` untouched.
 */
export const CURRENT_LINK = 'current';

export const INDEX_FILES = {
  manifest: MANIFEST_FILE,
  documents: 'documents.json',
  passages: 'passages.json',
  bm25: 'bm25.json',
  windows: 'windows.json',
  localEmbedder: 'local-embedder.json',
  thesaurus: 'thesaurus.json',
  hnsw: 'hnswlib.index',
  hnswArgs: 'args.json',
  docstore: 'docstore.json',
} as const;

export function currentIndexDir(vectorsDir: string): string {
  return path.join(vectorsDir, CURRENT_LINK);
}

/** The manifest of the current index, or `undefined` when there is no complete index. */
export async function readManifest(vectorsDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(currentIndexDir(vectorsDir), MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** A fresh folder to build the next index in. */
export async function createStagingDir(vectorsDir: string): Promise<string> {
  await mkdir(vectorsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').replace('Z', '');
  // mkdtemp adds a random suffix, so two builds in the same millisecond never collide.
  return mkdtemp(path.join(vectorsDir, `index-${stamp}-`));
}

/**
 * Points `current` at `stagingDir` atomically, then removes the build it replaced. Other `index-*`
 * folders are left alone: one may be another ingest still writing; abandoned ones are swept by
 * removeAbandonedBuilds once old enough.
 */
export async function publish(vectorsDir: string, stagingDir: string): Promise<void> {
  const link = currentIndexDir(vectorsDir);
  const replaced = await readlink(link).then(path.basename, () => undefined);
  const tmpLink = path.join(vectorsDir, `.${CURRENT_LINK}-${process.pid}`);
  await rm(tmpLink, { force: true });
  await symlink(path.basename(stagingDir), tmpLink);
  await rename(tmpLink, link);
  if (replaced && replaced !== path.basename(stagingDir) && replaced.startsWith('index-')) {
    await rm(path.join(vectorsDir, replaced), { recursive: true, force: true });
  }
  await removeAbandonedBuilds(vectorsDir);
}

/** How long an unpublished build must sit untouched before it counts as abandoned, not in progress. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Removes what builds killed before publishing left behind: `index-*` folders other than the
 * current one and stray `.current-*` links, once untouched for `olderThanMs`. Younger ones may
 * belong to an ingest still writing in another process, so they are left alone. Returns the
 * names removed.
 */
export async function removeAbandonedBuilds(vectorsDir: string, olderThanMs = ABANDONED_AFTER_MS): Promise<string[]> {
  const entries = await readdir(vectorsDir).catch(() => [] as string[]);
  const current = await readlink(currentIndexDir(vectorsDir)).then(path.basename, () => undefined);
  const removed: string[] = [];
  for (const entry of entries) {
    if (entry === current || !(entry.startsWith('index-') || entry.startsWith(`.${CURRENT_LINK}-`))) continue;
    const full = path.join(vectorsDir, entry);
    const info = await lstat(full).catch(() => undefined);
    if (!info || Date.now() - info.mtimeMs < olderThanMs) continue;
    await rm(full, { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}
