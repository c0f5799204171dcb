import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from './browser.js';
import { startLiveServer, type LiveServer } from './live-server.js';

const WAIT_MS = 15_000;
let server: LiveServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startLiveServer({ apiKeys: ['tab-key'] }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('chat UI on a server that requires an API key', () => {
  it('asks for the key once, keeps it for the tab, and answers with it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchProblems(page);
    problems.allowFailedLoads('/api/chat');
    await page.goto(server.url);
    const input = page.locator('[data-testid="question-input"]');

    await input.fill('When was the first Russia-ASEAN summit held?');
    await input.press('Enter');
    const keyField = page.locator('[data-testid="api-key"]');
    await keyField.waitFor({ timeout: WAIT_MS });
    await expect(page.locator('[data-testid="answer"]').first().getAttribute('data-state')).resolves.toBe('error');

    await keyField.fill('wrong-key');
    await keyField.press('Enter');
    await page.locator('[data-testid="error"]').filter({ hasText: 'did not accept' }).waitFor({ timeout: WAIT_MS });

    await page.locator('[data-testid="api-key"]').fill('tab-key');
    await page.locator('[data-testid="api-key"]').press('Enter');
    await page.locator('[data-testid="answer"][data-state="done"]').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-testid="answer"]').first().textContent()).toContain('December 13, 2005');

    // The key survives a reload of the tab (sessionStorage) and opens the source panel too.
    await page.reload();
    await input.fill('And the second one?');
    await input.press('Enter');
    await page.locator('[data-testid="answer"][data-state="done"] >> nth=1').waitFor({ timeout: WAIT_MS });
    await page.locator('[data-testid="citation"]').first().click();
    await page.locator('[data-testid="source-panel"] mark').waitFor({ timeout: WAIT_MS });
    expect(problems.list).toEqual([]);
    await context.close();
  });
});
