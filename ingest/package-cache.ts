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
