import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, ENTRIES } from '../../server/build.mjs';

/**
 * The commands users run start from plain-JavaScript bundles (no TypeScript loader): build.mjs
 * makes them, and package.json runs them.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'build-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('build.mjs', () => {
  it('is what the start, ingest and ask scripts run, each on its own bundle', async () => {
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

    expect(scripts.build).toBe('node server/build.mjs');
    for (const [script, bundle] of [['start', 'main'], ['ingest', 'ingest'], ['ask', 'ask']] as const) {
      expect(scripts[script]).toMatch(new RegExp(`^node server/build\\.mjs ${bundle} && node .*dist/${bundle}\\.js$`));
      expect(ENTRIES).toHaveProperty(bundle);
    }
  });

  it('builds an ingest command that indexes a folder on plain node', async () => {
    const [bundle] = await buildBundles(['ingest']);
    expect(bundle).toBe(join('dist', 'ingest.js'));
    await writeFile(join(tmp, 'pact.txt'), 'A pact\n\nThe pact was signed in 2004. It set out the rules.\n');
    const env = { PATH: process.env.PATH ?? '', EMBEDDINGS: 'local', VECTORS_DIR: join(tmp, 'vectors'), MODELS_DIR: join(tmp, 'models') };

    const { stdout } = await run(process.execPath, [bundle!, join(tmp, 'pact.txt')], { cwd: ROOT, env });

    expect(stdout).toMatch(/^ingested 1 document, 1 chunks, \d+ dims, embedder local-hash-\d+/m);
  }, 60_000);

  it('runs from the command line and refuses a bundle it does not know, naming the known ones', async () => {
    const failed = run(process.execPath, ['server/build.mjs', 'mian'], { cwd: ROOT });

    await expect(failed).rejects.toMatchObject({ code: 1, stderr: 'error: cannot build: unknown bundle mian; the bundles are main, ingest, ask\n' });
  });
});
