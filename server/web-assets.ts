import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import express, { type Router } from 'express';

/** The chat UI, bundled and ready to serve. */
export interface WebAssets {
  html: string;
  js: string;
  css: string;
}

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');

/**
 * Bundles `web/src/main.ts` (TypeScript and CSS) with esbuild, in memory. It takes a fraction of
 * a second, so `npm start` builds the UI on every start and there is no build step to forget.
 */
export async function buildWebAssets(options: { webDir?: string } = {}): Promise<WebAssets> {
  const webDir = options.webDir ?? WEB_DIR;
  const result = await build({
    entryPoints: [path.join(webDir, 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    outdir: 'assets',
    entryNames: 'app',
    logLevel: 'silent',
  });
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { html: await readFile(path.join(webDir, 'index.html'), 'utf8'), js: file('.js'), css: file('.css') };
}

/** Sizes of the bundle, as `npm run bench` and the README report them. */
export function bundleSizes(web: WebAssets): { js: number; css: number; jsGzip: number; cssGzip: number } {
  return {
    js: Buffer.byteLength(web.js),
    css: Buffer.byteLength(web.css),
    jsGzip: gzipSync(web.js).length,
    cssGzip: gzipSync(web.css).length,
  };
}

/** Serves the UI at `/` and its bundle under `/assets/`. */
export function webRoutes(web: WebAssets): Router {
  const router = express.Router();
  const send = (type: string, body: string) => (_req: express.Request, res: express.Response) => {
    res.type(type).set('Cache-Control', 'no-cache').send(body);
  };
  router.get('/', send('html', web.html));
  router.get('/assets/app.js', send('js', web.js));
  router.get('/assets/app.css', send('css', web.css));
  return router;
}
