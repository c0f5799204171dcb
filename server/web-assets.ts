import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, stop } from 'esbuild';
import express, { type Router } from 'express';

/** The chat UI, bundled and ready to serve. */
export interface WebAssets {
  html: string;
  js: string;
  css: string;
  /** The audit page (`/audit`, `/audit/:id`); it shares `css`. Served only when present. */
  audit?: { html: string; js: string };
}

/** Builds of the UI in progress in this process; the esbuild service stops when the last ends. */
let buildsRunning = 0;

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');

/**
 * Bundles the chat UI (`web/src/main.ts`, TypeScript and CSS) and the audit page
 * (`web/src/audit/main.ts`) with esbuild, in memory. It takes a fraction of a second, so
 * `npm start` builds the UI on every start and there is no build step to forget.
 */
export async function buildWebAssets(options: { webDir?: string } = {}): Promise<WebAssets> {
  const webDir = options.webDir ?? WEB_DIR;
  buildsRunning++;
  let result;
  try {
    result = await build({
      entryPoints: { app: path.join(webDir, 'src', 'main.ts'), audit: path.join(webDir, 'src', 'audit', 'main.ts') },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      write: false,
      outdir: 'assets',
      entryNames: '[name]',
      logLevel: 'silent',
    });
  } finally {
    // esbuild keeps its service process running after a build; the server builds once, so it goes
    // (a later build starts it again) — but only after the last build running at the same time,
    // for stopping it under another build leaves that build's promise unsettled forever.
    if (--buildsRunning === 0) await stop();
  }
  const file = (name: string) => result.outputFiles.find((f) => path.basename(f.path) === name)?.text ?? '';
  const [html, auditHtml] = await Promise.all([readFile(path.join(webDir, 'index.html'), 'utf8'), readFile(path.join(webDir, 'audit.html'), 'utf8')]);
  return { html, js: file('app.js'), css: file('app.css'), audit: { html: auditHtml, js: file('audit.js') } };
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

/**
 * Serves the chat UI at `/`, the audit page at `/audit` and `/audit/:id` (one page; its script
 * reads the path), and their bundles under `/assets/`.
 */
export function webRoutes(web: WebAssets): Router {
  const router = express.Router();
  const send = (type: string, body: string) => (_req: express.Request, res: express.Response) => {
    res.type(type).set('Cache-Control', 'no-cache').send(body);
  };
  router.get('/', send('html', web.html));
  router.get('/assets/app.js', send('js', web.js));
  router.get('/assets/app.css', send('css', web.css));
  if (web.audit) {
    router.get(['/audit', '/audit/:id'], send('html', web.audit.html));
    router.get('/assets/audit.js', send('js', web.audit.js));
  }
  return router;
}
