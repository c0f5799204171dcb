import path from 'node:path';
import { build } from 'esbuild';

/**
 * Where `npm start` runs the server from. One level below the project root, like `server/`, so
 * paths the code resolves from its own location (`../web`) lead to the same place.
 */
export const SERVER_BUNDLE = path.join('dist', 'main.js');

/**
 * Node's flags for the bundled server (`npm start` spells the same ones out in package.json):
 * stack traces in terms of the TypeScript sources, and a heap that is collected before it grows
 * (under load V8 otherwise lets garbage pile up to about 260 MB before a full collection; with
 * this flag the server stays near 130 MB at about the same throughput).
 */
export const SERVER_NODE_FLAGS = ['--enable-source-maps', '--optimize-for-size'];

/**
 * Bundles `server/main.ts` and everything it imports from this project into one plain-JavaScript
 * file, leaving npm packages as imports. The server then runs on plain `node`, without a
 * TypeScript loader in the process (tsx costs about 50 MB of memory and slows the start).
 */
export async function bundleServer(outfile = SERVER_BUNDLE): Promise<string> {
  await build({
    entryPoints: ['server/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve('server/bundle.ts')) {
  await bundleServer();
}
