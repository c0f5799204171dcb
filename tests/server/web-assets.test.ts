import { describe, expect, it } from 'vitest';
import { buildWebAssets } from '../../server/web-assets.js';

describe('buildWebAssets', () => {
  it('bundles the chat page and the audit page', async () => {
    const web = await buildWebAssets();

    expect(web.html).toContain('<script');
    expect(web.js.length).toBeGreaterThan(1000);
    expect(web.css.length).toBeGreaterThan(100);
    expect(web.audit?.js.length).toBeGreaterThan(1000);
  });

  it('finishes every build started at the same time in one process', async () => {
    const builds = await Promise.all([buildWebAssets(), buildWebAssets(), buildWebAssets()]);

    expect(new Set(builds.map((web) => web.js)).size).toBe(1);
    expect(builds[0]!.js.length).toBeGreaterThan(1000);
  }, 20_000);

  it('builds again after an earlier build stopped the bundler', async () => {
    const first = await buildWebAssets();
    const second = await buildWebAssets();

    expect(second.js).toBe(first.js);
  });
});
