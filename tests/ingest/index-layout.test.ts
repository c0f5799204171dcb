import { mkdtemp, readdir, readlink, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS, CURRENT_LINK, createStagingDir, currentIndexDir, publish, readManifest } from '../../ingest/index-layout.js';
import { MANIFEST_FILE } from '../../ingest/manifest.js';

let vectorsDir: string;

/** A staged index whose manifest carries `label`, so tests can tell builds apart. */
async function stagedIndex(label: string): Promise<string> {
  const dir = await createStagingDir(vectorsDir);
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify({ label }));
  return dir;
}

beforeEach(async () => {
  vectorsDir = path.join(await mkdtemp(path.join(tmpdir(), 'index-layout-')), 'vectors');
});

afterEach(async () => {
  await rm(path.dirname(vectorsDir), { recursive: true, force: true });
});

describe('index layout', () => {
  it('has no manifest before anything is published', async () => {
    expect(await readManifest(vectorsDir)).toBeUndefined();
  });

  it('creates a fresh index folder inside the vectors folder for each build', async () => {
    const first = await createStagingDir(vectorsDir);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = await createStagingDir(vectorsDir);

    expect(path.dirname(first)).toBe(vectorsDir);
    expect(path.basename(first)).toMatch(/^index-/);
    expect(second).not.toBe(first);
  });

  it('does not expose a staged index until it is published', async () => {
    await stagedIndex('staged');

    expect(await readManifest(vectorsDir)).toBeUndefined();
  });

  it('points current at the published index through a relative link', async () => {
    const dir = await stagedIndex('first');

    await publish(vectorsDir, dir);

    expect(await readlink(currentIndexDir(vectorsDir))).toBe(path.basename(dir));
    expect(await readManifest(vectorsDir)).toEqual({ label: 'first' });
  });

  it('replaces the current index and removes the build it replaced on the next publish', async () => {
    await publish(vectorsDir, await stagedIndex('first'));
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = await stagedIndex('second');

    await publish(vectorsDir, second);

    expect(await readManifest(vectorsDir)).toEqual({ label: 'second' });
    expect((await readdir(vectorsDir)).sort()).toEqual([CURRENT_LINK, path.basename(second)].sort());
  });

  it('leaves another ingest’s unfinished build alone when publishing', async () => {
    await publish(vectorsDir, await stagedIndex('first'));
    const inProgress = await createStagingDir(vectorsDir);
    await writeFile(path.join(inProgress, 'passages.json'), '[]');
    const second = await stagedIndex('second');

    await publish(vectorsDir, second);

    expect(await readManifest(vectorsDir)).toEqual({ label: 'second' });
    expect((await readdir(vectorsDir)).sort()).toEqual([CURRENT_LINK, path.basename(inProgress), path.basename(second)].sort());
    expect(await readdir(inProgress)).toEqual(['passages.json']);
  });

  it('sweeps builds abandoned long ago when publishing', async () => {
    const abandoned = await createStagingDir(vectorsDir);
    const longAgo = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    await utimes(abandoned, longAgo, longAgo);
    const dir = await stagedIndex('first');

    await publish(vectorsDir, dir);

    expect((await readdir(vectorsDir)).sort()).toEqual([CURRENT_LINK, path.basename(dir)].sort());
  });
});
