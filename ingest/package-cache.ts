import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Tables derived from installed npm packages (the WordNet word graph, the word-vector stem table)
 * are cached in `node_modules/.cache/article-assistant`, beside the packages they come from: every
 * index, server and test run of a checkout shares them, and removing `node_modules` removes them.
 */
export function packageCacheDir(packageDir: string): string {
  return path.join(packageDir, '..', '.cache', 'article-assistant');
}

/** The folder of an installed package, or undefined when it is not installed. */
export function installedPackageDir(name: string): string | undefined {
  try {
    return path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file whole: under a temporary name unique to this writer (test files and servers
 * of one checkout share the cache), then renamed into place. The files of the same table that an
 * older version left (`superseded` matches their names; several MB each) are then removed.
 */
export async function writeCacheFile(file: string, data: string | Uint8Array, superseded: RegExp): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
  const names = await readdir(dir).catch(() => [] as string[]);
  const current = path.basename(file);
  await Promise.all(names.filter((name) => superseded.test(name) && name !== current).map((name) => rm(path.join(dir, name), { force: true })));
}
