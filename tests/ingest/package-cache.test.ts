import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCacheFile } from '../../ingest/package-cache.js';

describe('writeCacheFile', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes the file whole and removes the versions it supersedes, leaving other tables and no temp file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cache-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'table-top100-v1.bin'), 'old');
    await writeFile(path.join(dir, 'table-top500-v1.bin'), 'other size');
    await writeFile(path.join(dir, 'graph-v1.tsv'), 'another table');

    const file = path.join(dir, 'table-top100-v2.bin');
    await writeCacheFile(file, Buffer.from('new'), /^table-top100-v\d+\.bin$/);

    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['graph-v1.tsv', 'table-top100-v2.bin', 'table-top500-v1.bin']);
  });

  it('creates the cache folder when it is missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cache-'));
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'graph-v3.tsv');
    await writeCacheFile(file, 'graph', /^graph-v\d+\.tsv$/);
    expect(await readdir(path.dirname(file))).toEqual(['graph-v3.tsv']);
  });
});
