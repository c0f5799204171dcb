import path from 'node:path';
import { buildBundles } from './build.mjs';

/**
 * Where `npm start` runs the server from. One level below the project root, like `server/`, so
 * paths the code resolves from its own location (`../web`) lead to the same place.
 */
export const SERVER_BUNDLE = path.join('dist', 'main.js');

/**
 * Node's flags for the bundled server (`npm start` spells the same ones out in package.json):
 * stack traces in terms of the TypeScript sources, and a heap that grows by 30% at a time instead
 * of V8's default factor of up to 4. Under 32-connection load V8 otherwise lets garbage pile up
 * to about 260 MB before a full collection; with this flag the server peaks near 155 MB at the
 * same throughput, and unlike --max-old-space-size it sets no limit a large corpus could hit.
 * (--optimize-for-size keeps it near 130 MB but costs about 70% more CPU per request.) The young
 * generation's semi-spaces are capped at 8 MB instead of 16: with the word-vector table and more
 * per-answer work the short bench's peak had reached 188–194 MiB, once 203 MB, against the 200 MB
 * target; with the cap it peaked at 166–170 MiB over two runs, at 302–309 fresh answers a second
 * against 323–342 (4 MB: 157 MiB, 251 a second).
 */
export const SERVER_NODE_FLAGS = ['--enable-source-maps', '--heap-growing-percent=30', '--max-semi-space-size=8'];

/**
 * Bundles `server/main.ts` into SERVER_BUNDLE (see build.mjs). The server then runs on plain
 * `node`, without a TypeScript loader in the process (tsx costs about 50 MB of memory and slows
 * the start).
 */
export async function bundleServer(): Promise<string> {
  await buildBundles(['main']);
  return SERVER_BUNDLE;
}
