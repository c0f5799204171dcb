// Plain JavaScript on purpose: `npm start`, `npm run ingest` and `npm run ask` run this with plain
// node before anything else, and a TypeScript loader (tsx) adds about half a second to each start.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The commands users run, by bundle name: `dist/<name>.js` is built from the source file. */
export const ENTRIES = {
  main: 'server/main.ts',
  ingest: 'ingest/cli.ts',
  ask: 'server/ask-cli.ts',
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles each named command and everything it imports from this project into one plain-JavaScript
 * file in `dist/`, leaving npm packages as imports, so the command runs on plain `node`.
 *
 * @param {readonly string[]} names bundle names from ENTRIES; all of them when empty
 * @returns {Promise<string[]>} the bundles' paths, relative to the project root
 */
export async function buildBundles(names = []) {
  const wanted = names.length > 0 ? names : Object.keys(ENTRIES);
  const unknown = wanted.filter((name) => !Object.hasOwn(ENTRIES, name));
  if (unknown.length > 0) throw new Error(`unknown bundle ${unknown.join(', ')}; the bundles are ${Object.keys(ENTRIES).join(', ')}`);
  await build({
    entryPoints: Object.fromEntries(wanted.map((name) => [name, path.join(ROOT, ENTRIES[name])])),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outdir: path.join(ROOT, 'dist'),
    logLevel: 'warning',
  });
  return wanted.map((name) => path.join('dist', `${name}.js`));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await buildBundles(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`error: cannot build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
