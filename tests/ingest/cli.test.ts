import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runIngestCli } from '../../ingest/cli.js';
import { ARTICLE_PATH } from './article.js';

let root: string;
/** Shared by every test: the model folder the CLI is given. */
let modelsDir: string;
let vectorsDir: string;
let testCount = 0;
let stdout: string[];
let stderr: string[];

/** The environment the CLI reads, pointed at temp folders and the offline embedder. */
function env(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { VECTORS_DIR: vectorsDir, MODELS_DIR: modelsDir, EMBEDDINGS: 'local', CORPUS: ARTICLE_PATH, ...overrides };
}

async function vectorsEntries(): Promise<string[]> {
  return readdir(vectorsDir).catch(() => []);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ingest-cli-'));
  modelsDir = path.join(root, 'models');
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  testCount++;
  vectorsDir = path.join(root, `vectors-${testCount}`);
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runIngestCli', () => {
  it('ingests the corpus and prints a one-line summary', async () => {
    const code = await runIngestCli([], env());

    expect(code).toBe(0);
    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatch(
      /^ingested 1 document, \d+ chunks, 1024 dims, embedder local-hash-1024, in \d+\.\d\d s \(no index yet\)\n$/,
    );
  });

  it('says there is nothing to do when the index is up to date', async () => {
    await runIngestCli([], env());
    stdout.length = 0;

    const code = await runIngestCli([], env());

    expect(code).toBe(0);
    expect(stdout).toEqual([
      expect.stringMatching(
        /^nothing to do: index is up to date \(1 document, \d+ chunks, local-hash-1024\); use --force to rebuild\n$/,
      ),
    ]);
  });

  it('rebuilds an up-to-date index with --force', async () => {
    await runIngestCli([], env());
    stdout.length = 0;

    const code = await runIngestCli(['--force'], env());

    expect(code).toBe(0);
    expect(stdout).toEqual([expect.stringMatching(/^ingested 1 document, .* \(forced rebuild\)\n$/)]);
  });

  it('ingests the files given as arguments instead of CORPUS', async () => {
    const code = await runIngestCli([ARTICLE_PATH], env({ CORPUS: path.join(root, 'no-such-file.txt') }));

    expect(code).toBe(0);
    expect(stdout[0]).toMatch(/^ingested 1 document, /);
  });

  it('exits with 2 on an unknown option, naming it, and builds nothing', async () => {
    const code = await runIngestCli(['--frobnicate'], env());

    expect(code).toBe(2);
    expect(stderr.join('')).toContain('error: unknown option --frobnicate; usage: npm run ingest');
    expect(stdout).toEqual([]);
    expect(await vectorsEntries()).toEqual([]);
  });

  it('exits with 1 on an invalid setting, naming the variable', async () => {
    const code = await runIngestCli([], env({ EMBEDDINGS: 'gpu' }));

    expect(code).toBe(1);
    expect(stderr.join('')).toMatch(/^error: invalid configuration: EMBEDDINGS="gpu"/);
  });

  it('exits with 1 when an input does not exist, naming it', async () => {
    const missing = path.join(root, 'missing.txt');

    const code = await runIngestCli([missing], env());

    expect(code).toBe(1);
    expect(stderr.join('')).toBe(`error: input not found: ${missing}\n`);
  });
});
