import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/ingest.js';
import type { AnswerRecord } from '../../server/answer-record.js';
import { createApp } from '../../server/app.js';
import type { AuditEntry } from '../../server/audit/audit-record.js';
import { withAudit, type AuditedAssistant } from '../../server/audit/recorder.js';
import { SqliteAuditStore } from '../../server/audit/sqlite-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { buildWebAssets } from '../../server/web-assets.js';
import { launchChromium, watchProblems, type PageProblems } from './browser.js';
import { ChatPage, squash, WAIT_MS } from './chat-page.js';
import { ingestArticle } from '../fixtures/article-index.js';

const SUMMIT = 'When was the first Russia-ASEAN summit held?';
const TRADE = 'What was the volume of trade between Russia and ASEAN in 2013?';
const OFF_TOPIC = 'Who won the 2018 FIFA World Cup?';
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> What did Russia sign in 2004?';

const quiet = { info() {}, warn() {}, error() {} };

const API_KEY = 'api-key-for-tests';
const AUDIT_KEY = 'audit-key-for-tests';

let dir: string;
let server: Server;
let url: string;
/** The same app with API keys and separate audit keys, over the same index and audit store. */
let guarded: Server;
let guardedUrl: string;
let store: SqliteAuditStore;
let audited: AuditedAssistant;
let browser: Browser;
let context: BrowserContext;
/** Answers recorded before the tests, through `/api/ask`, oldest first. */
let summit: AnswerRecord;
let trade: AnswerRecord;
/** Every page a test opened, checked for console errors after it. */
const opened: Array<{ page: Page; problems: PageProblems }> = [];

/**
 * The real app, audited: a real index built from the article in a temp folder (as
 * `live-server.ts` does), a SQLite audit store beside it, and the assistant wrapped by
 * `withAudit`, so every answer the browser gets is recorded exactly as in production.
 */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-ui-'));
  const { vectorsDir, embeddings } = await ingestArticle(dir);
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });
  store = new SqliteAuditStore(path.join(dir, 'audit.sqlite'));
  audited = withAudit(assistant, store, index, quiet);
  const web = await buildWebAssets();
  server = createServer(createApp({ assistant: audited, index, auditStore: store, logger: quiet, web }));
  url = await listen(server);
  const access = { apiKeys: [API_KEY], auditApiKeys: [AUDIT_KEY], rateLimitPerMinute: 0, corsOrigins: [] };
  guarded = createServer(createApp({ assistant: audited, index, auditStore: store, logger: quiet, web, config: { access } }));
  guardedUrl = await listen(guarded);

  summit = await ask(SUMMIT);
  trade = await ask(TRADE);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT_MS);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  for (const s of [server, guarded]) {
    s?.closeAllConnections();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
  store?.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  const problems = opened.flatMap(({ problems }) => problems.list);
  await Promise.all(opened.splice(0).map(({ page }) => page.close()));
  expect(problems, 'console errors or uncaught exceptions on the page').toEqual([]);
});

/** Listens on a free loopback port; the base URL. */
async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** Asks through the API and waits until the answer is in the audit trail. */
async function ask(question: string): Promise<AnswerRecord> {
  const response = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(200);
  const record = (await response.json()) as AnswerRecord;
  await audited.flush();
  return record;
}

async function stored(id: string): Promise<AuditEntry> {
  const response = await fetch(`${url}/api/audit/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AuditEntry;
}

/**
 * A new page on `pathname`, recording console errors; `ready` is a test id to wait for.
 * `allowFailedLoads` names a URL part whose failed requests the test causes on purpose.
 */
async function open(pathname: string, ready: string, options: { context?: BrowserContext; allowFailedLoads?: string; base?: string } = {}): Promise<Page> {
  const page = await (options.context ?? context).newPage();
  const problems = watchProblems(page);
  if (options.allowFailedLoads) problems.allowFailedLoads(options.allowFailedLoads);
  opened.push({ page, problems });
  await page.goto(`${options.base ?? url}${pathname}`);
  await hook(page, ready).first().waitFor({ state: 'visible' });
  return page;
}

function hook(page: Page, id: string) {
  return page.locator(`[data-testid="${id}"]`);
}

async function rowIds(page: Page): Promise<string[]> {
  return hook(page, 'audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
}

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

describe('from a chat answer to its record', () => {
  it('follows the Audit link of an answer to its record, with the quote marked in the article', async () => {
    const chat = await ChatPage.open(context, url);
    opened.push({ page: chat.page, problems: chat.problems });
    const answer = await chat.askAndWait(SUMMIT);
    const link = answer.locator('[data-testid="audit-link"]');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/audit\/[A-Za-z0-9-]+$/);

    await link.click();
    await hook(chat.page, 'audit-record').waitFor({ state: 'visible' });
    expect(new URL(chat.page.url()).pathname).toBe(href);
    const entry = await stored(href!.slice('/audit/'.length));
    expect(entry.origin).toBe('api/chat');
    expect(squash(await hook(chat.page, 'record-question').textContent())).toBe(SUMMIT);
    expect(squash(await hook(chat.page, 'record-answer').textContent())).toContain('December 13, 2005');

    const first = entry.citations[0]!;
    const mark = chat.page.locator(`[data-testid="record-article"] mark[data-n="${first.n}"]`);
    await mark.waitFor({ state: 'visible' });
    expect(squash(await mark.textContent())).toBe(squash(first.quote));
  });
});

describe('a record', () => {
  it('shows the searched question, retrieval scores, verification and provenance', async () => {
    const page = await open(`/audit/${summit.id}`, 'audit-record');
    const entry = await stored(summit.id);
    expect(squash(await hook(page, 'record-standalone').textContent())).toContain(entry.standaloneQuestion);

    const rows = hook(page, 'record-passage');
    expect(await rows.count()).toBe(entry.passages.length);
    const top = entry.passages[0]!;
    const cells = (await rows.first().locator('td').allTextContents()).map(squash);
    const shown = (score: number | null) => (score === null ? '—' : String(score));
    expect(top.windows).toEqual(expect.any(Number));
    expect(cells.slice(0, 7)).toEqual([String(top.rank), top.id, shown(top.score), shown(top.dense), shown(top.lexical), shown(top.windows ?? null), shown(top.meaning ?? null)]);

    const citation = hook(page, 'record-citation').first();
    expect(squash(await citation.textContent())).toContain(`characters ${entry.citations[0]!.start}–${entry.citations[0]!.end}`);
    expect(squash(await citation.locator('[data-testid="citation-verification"]').textContent())).toBe('verified');
    expect(squash(await hook(page, 'record-support').textContent())).toBe('supported');
    expect(squash(await hook(page, 'record-groundedness').textContent())).toBe('100% grounded');
    const checksums = squash(await hook(page, 'record-checksums').textContent());
    for (const [doc, sum] of Object.entries(entry.documentChecksums)) expect(checksums).toContain(`${doc}: ${sum}`);
  });

  it('re-verifies the stored quotes and reports each verbatim, with its offsets', async () => {
    const page = await open(`/audit/${trade.id}`, 'audit-record');
    await hook(page, 'reverify').click();
    const results = hook(page, 'verify-result');
    await results.first().waitFor({ state: 'visible' });
    expect(await results.count()).toBe(trade.citations.length);
    for (const [i, c] of trade.citations.entries()) {
      const result = results.nth(i);
      expect(await result.getAttribute('data-reason')).toBe('verbatim');
      expect(squash(await result.textContent())).toBe(`[${c.n}] verbatim at characters ${c.start}–${c.end} · ${c.documentId}`);
    }
    expect(squash(await hook(page, 'document-unchanged').textContent())).toBe('article: unchanged since the answer (same checksum).');
  });

  it('stores 👍 with a comment, and a later 👎 replaces it', async () => {
    const page = await open(`/audit/${summit.id}`, 'audit-record');
    await hook(page, 'feedback-comment').fill('Right date, right place.');
    await hook(page, 'feedback-up').click();
    await expect.poll(async () => squash(await hook(page, 'feedback-status').textContent())).toContain('Saved: 👍');
    expect(await hook(page, 'feedback-up').getAttribute('aria-pressed')).toBe('true');
    expect((await stored(summit.id)).feedback).toMatchObject({ rating: 'up', comment: 'Right date, right place.' });

    await hook(page, 'feedback-down').click();
    await expect.poll(async () => squash(await hook(page, 'feedback-status').textContent())).toContain('Saved: 👎');
    const feedback = (await stored(summit.id)).feedback;
    expect(feedback?.rating).toBe('down');
    expect(feedback?.comment).toBeUndefined();
  });

  it('flags a quote as not supporting its claim from the keyboard, and takes the flag back', async () => {
    const page = await open(`/audit/${trade.id}`, 'audit-record');
    const widget = page.locator('[data-testid="citation-feedback"][data-n="2"]');
    const form = widget.locator('form');
    expect(await form.isVisible()).toBe(false);
    await widget.locator('[data-testid="citation-flag"]').focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'visible' });
    await page.keyboard.type('The claim is about Russia, the quote about China.');
    await page.keyboard.press('Enter');
    await expect.poll(() => widget.getAttribute('data-flagged')).toBe('true');
    expect(await form.isVisible()).toBe(false);
    expect((await stored(trade.id)).citationFeedback).toEqual([
      expect.objectContaining({ n: 2, supports: false, comment: 'The claim is about Russia, the quote about China.' }),
    ]);

    await page.keyboard.press('Enter'); // focus moved to "It does support the claim"
    await expect.poll(() => widget.getAttribute('data-flagged')).toBe('false');
    expect((await stored(trade.id)).citationFeedback).toEqual([expect.objectContaining({ n: 2, supports: true })]);
  });

  it('says so when there is no such record', async () => {
    const page = await open('/audit/no-such-answer', 'back-to-list', { allowFailedLoads: '/api/audit/no-such-answer' });
    await expect.poll(async () => squash(await page.locator('[role="alert"]').textContent({ timeout: 500 }).catch(() => '')), { timeout: WAIT_MS }).toContain(
      'no recorded answer with id "no-such-answer"',
    );
    expect(await hook(page, 'audit-record').count()).toBe(0);
  });
});

describe('the audit table', () => {
  it('lists recorded answers newest first, each row linking to its record', async () => {
    const page = await open('/audit', 'audit-row');
    const ids = await rowIds(page);
    expect(ids.indexOf(trade.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(trade.id)).toBeLessThan(ids.indexOf(summit.id));
    const row = page.locator(`[data-testid="audit-row"][data-id="${trade.id}"]`);
    await row.getByRole('link').click();
    await hook(page, 'audit-record').waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toBe(`/audit/${trade.id}`);
  });

  it('narrows the list with the text filter and keeps the filter in the URL', async () => {
    const page = await open('/audit', 'audit-row');
    expect(await rowIds(page)).toEqual(expect.arrayContaining([summit.id, trade.id]));
    await hook(page, 'audit-filters').getByLabel('Text in question or answer').fill('volume of trade');
    await page.keyboard.press('Enter');
    await expect.poll(() => rowIds(page)).toEqual([trade.id]);
    expect(new URL(page.url()).search).toBe('?q=volume+of+trade');

    await page.reload();
    await expect.poll(() => rowIds(page)).toEqual([trade.id]);
    await hook(page, 'clear-filters').click();
    await expect.poll(() => rowIds(page)).toEqual(expect.arrayContaining([summit.id, trade.id]));
  });

  it('filters by feedback and by support status', async () => {
    await fetch(`${url}/api/audit/${trade.id}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating: 'up' }) });
    const page = await open('/audit?feedback=up', 'audit-filters');
    await expect.poll(() => rowIds(page)).toContain(trade.id);
    expect(await rowIds(page)).not.toContain(summit.id);

    const offTopic = await ask(OFF_TOPIC);
    expect(offTopic.abstained).toBe(true);
    await hook(page, 'audit-filters').getByLabel('Feedback').selectOption('');
    await hook(page, 'audit-filters').getByLabel('Support').selectOption('abstained');
    await hook(page, 'apply-filters').click();
    await expect.poll(() => rowIds(page)).toContain(offTopic.id);
    expect(await rowIds(page)).not.toContain(trade.id);
    expect(new URL(page.url()).search).toBe('?support=abstained');
  });

  it('filters by time range, in the browser’s time zone', async () => {
    const page = await open('/audit?q=volume+of+trade', 'audit-row');
    // `datetime-local` values for an hour before and after now, as the browser's clock reads them.
    const local = (offsetMs: number) =>
      page.evaluate((ms) => {
        const d = new Date(Date.now() + ms);
        d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
        return d.toISOString().slice(0, 16);
      }, offsetMs);
    const form = hook(page, 'audit-filters');
    await form.getByLabel('From').fill(await local(60 * 60_000));
    await hook(page, 'apply-filters').click();
    await expect.poll(() => hook(page, 'audit-status').textContent()).toBe('No recorded answers match these filters.');

    await form.getByLabel('From').fill(await local(-60 * 60_000));
    await form.getByLabel('To').fill(await local(60 * 60_000));
    await hook(page, 'apply-filters').click();
    await expect.poll(() => rowIds(page)).toEqual([trade.id]);
  });

  it('pages with Load more', async () => {
    for (let i = 0; i < 25; i++) await ask(`${SUMMIT} (${i})`);
    const page = await open('/audit', 'audit-row');
    expect(await hook(page, 'audit-row').count()).toBe(25);
    await hook(page, 'load-more').click();
    await expect.poll(() => hook(page, 'audit-row').count()).toBeGreaterThan(25);
    const ids = await rowIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([summit.id, trade.id]));
  });
});

describe('on a server with API keys and separate audit keys', () => {
  it('asks for the audit key, then the API key for the article, and keeps both for the tab', async () => {
    const page = await open('/audit?q=volume+of+trade', 'key-form', { base: guardedUrl, allowFailedLoads: '/api/' });
    const prompt = hook(page, 'key-form');
    expect(await prompt.getAttribute('data-scope')).toBe('audit');
    await hook(page, 'key-input').fill('not-the-key');
    await page.keyboard.press('Enter');
    await expect.poll(async () => squash(await prompt.textContent({ timeout: 500 }).catch(() => ''))).toContain('did not accept this key');
    await hook(page, 'key-input').fill(AUDIT_KEY);
    await page.keyboard.press('Enter');
    await expect.poll(() => rowIds(page)).toEqual([trade.id]);

    await page.locator(`[data-testid="audit-row"][data-id="${trade.id}"]`).getByRole('link').click();
    await hook(page, 'audit-record').waitFor({ state: 'visible' });
    // The documents are behind the API keys, not the audit keys.
    await expect.poll(() => hook(page, 'key-form').getAttribute('data-scope', { timeout: 500 }).catch(() => null)).toBe('api');
    await hook(page, 'key-input').fill(API_KEY);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="record-article"] mark').first().waitFor({ state: 'visible' });
    await hook(page, 'reverify').click();
    await expect.poll(() => hook(page, 'verify-result').first().getAttribute('data-reason', { timeout: 500 }).catch(() => null)).toBe('verbatim');
  });
});

describe('untrusted text', () => {
  it('shows a question with HTML in it as text in the table and the record, running nothing', async () => {
    const hostile = await ask(HOSTILE);
    const list = await open('/audit?q=onerror', 'audit-row');
    const record = await open(`/audit/${hostile.id}`, 'audit-record');
    for (const page of [list, record]) {
      expect(await page.evaluate<string>('typeof window.__xss')).toBe('undefined');
      expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
    }
    expect(await list.locator('[data-testid="audit-row"] a').first().textContent()).toBe(HOSTILE);
    expect(await hook(record, 'record-question').textContent()).toBe(HOSTILE);
  });
});

describe('on a phone (390×844), in dark mode', () => {
  it('fits the table and a record without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    phone.setDefaultTimeout(WAIT_MS);
    try {
      const list = await open('/audit', 'audit-row', { context: phone });
      expect(await horizontalOverflow(list)).toBeLessThanOrEqual(0);
      const record = await open(`/audit/${trade.id}`, 'audit-record', { context: phone });
      await record.locator('[data-testid="record-article"] mark').first().waitFor({ state: 'visible' });
      await hook(record, 'reverify').click();
      await hook(record, 'verify-result').first().waitFor({ state: 'visible' });
      expect(await horizontalOverflow(record)).toBeLessThanOrEqual(0);
      // The dark palette of the chat (--bg #16171a), not a white page.
      expect(await record.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(22, 23, 26)');
    } finally {
      const problems = opened.flatMap(({ problems }) => problems.list);
      await Promise.all(opened.splice(0).map(({ page }) => page.close()));
      await phone.close();
      expect(problems, 'console errors or uncaught exceptions on the page').toEqual([]);
    }
  });
});
