import type { Browser, BrowserContext, Locator, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../server/answer-record.js';
import { launchChromium } from './browser.js';
import { ChatPage, isInView, squash, WAIT_MS } from './chat-page.js';
import { startLiveServer, type LiveServer } from './live-server.js';

const FIRST = 'When was the first Russia-ASEAN summit held?';
const FOLLOW_UP = 'And the second one?';
const OFF_TOPIC = 'Who won the 2018 FIFA World Cup?';
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> What did Russia sign in 2004?';

let server: LiveServer;
let browser: Browser;
let context: BrowserContext;
/** What the API itself says about FIRST: the quote and paragraph the UI must show. */
let expected: AnswerRecord;
/** The cited document's text, to recognise "the whole article" on screen. */
let articleText: string;
let chat: ChatPage;

beforeAll(async () => {
  server = await startLiveServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.setDefaultTimeout(WAIT_MS);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const ask = await fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: FIRST }),
  });
  expected = (await ask.json()) as AnswerRecord;
  const doc = await fetch(`${server.url}/api/documents/${encodeURIComponent(expected.citations[0]!.documentId)}`);
  articleText = ((await doc.json()) as { text: string }).text;
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  chat = await ChatPage.open(context, server.url);
});

afterEach(async () => {
  await chat.page.unrouteAll({ behavior: 'ignoreErrors' });
  await chat.page.close();
  expect(chat.problems.list, 'console errors or uncaught exceptions on the page').toEqual([]);
});

/** The citation the API gave for chip `n` of FIRST. */
function citation(n: string | null) {
  const found = expected.citations.find((c) => String(c.n) === n);
  if (!found) throw new Error(`chip data-n="${n}" names no citation of the API answer (it has ${expected.citations.map((c) => c.n).join(', ')})`);
  return found;
}

/** Clicks the first citation chip of a FIRST answer and waits for the source panel. */
async function openFirstSource(answer: Locator) {
  const chip = chat.citations(answer).first();
  const cited = citation(await chip.getAttribute('data-n'));
  await chip.click();
  await chat.panel.waitFor({ state: 'visible' });
  return cited;
}

/**
 * Keeps every `/api/chat` request waiting for an answer that never comes, so the UI stays in
 * its streaming state until the test stops it or navigates away; `afterEach` unroutes.
 */
async function holdChatRequests() {
  await chat.page.route('**/api/chat', () => {
    // Never fulfilled: the page aborts the request (stop, reload) and Playwright drops the route.
  });
}

describe('asking', () => {
  it('answers a question with a cited date', async () => {
    await chat.input.fill(FIRST);
    await chat.send.click();
    const answer = await chat.answer(0);
    expect(squash(await chat.questions.first().textContent())).toBe(FIRST);
    expect(squash(await answer.textContent())).toContain('December 13, 2005');
    expect(await chat.citations(answer).count()).toBeGreaterThanOrEqual(1);
    expect(await answer.getAttribute('data-abstained')).toBe('false');
    expect(await answer.getAttribute('data-mode')).toBe(expected.mode);
    expect(await answer.getAttribute('data-support')).toBe(expected.support);
  });

  it('asks an example question when it is clicked', async () => {
    const example = chat.examples.first();
    const text = squash(await example.textContent());
    await example.click();
    await chat.answer(0);
    expect(squash(await chat.questions.first().textContent())).toBe(text);
    await chat.examples.first().waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('resolves a follow-up against the first answer', async () => {
    await chat.askAndWait(FIRST);
    const second = await chat.askAndWait(FOLLOW_UP);
    expect(await chat.questions.count()).toBe(2);
    expect(squash(await chat.questions.nth(1).textContent())).toBe(FOLLOW_UP);
    expect(squash(await second.textContent())).toContain('Hanoi');
  });

  it('abstains on an off-topic question without citation chips', async () => {
    const answer = await chat.askAndWait(OFF_TOPIC);
    expect(await answer.getAttribute('data-abstained')).toBe('true');
    expect(await answer.getAttribute('data-support')).toBe('abstained');
    expect(await chat.citations(answer).count()).toBe(0);
  });

  it('inserts a newline on Shift+Enter and sends on Enter', async () => {
    const sent: string[] = [];
    chat.page.on('request', (r) => {
      if (r.url().endsWith('/api/chat')) sent.push(r.postData() ?? '');
    });
    await chat.input.click();
    await chat.input.pressSequentially('When was the first Russia-ASEAN');
    await chat.input.press('Shift+Enter');
    await chat.input.pressSequentially('summit held?');
    expect(await chat.input.inputValue()).toBe('When was the first Russia-ASEAN\nsummit held?');
    expect(sent).toEqual([]);
    expect(await chat.questions.count()).toBe(0);

    await chat.input.press('Enter');
    const answer = await chat.answer(0);
    expect(sent).toHaveLength(1);
    expect(squash(await chat.questions.first().textContent())).toBe(FIRST);
    expect(squash(await answer.textContent())).toContain('December 13, 2005');
    expect(await chat.input.inputValue()).toBe('');
  });

  it('copies a done answer to the clipboard', async () => {
    const answer = await chat.askAndWait(FIRST);
    await answer.locator('[data-testid="copy-answer"]').click();
    await expect.poll(() => chat.page.evaluate<string>('navigator.clipboard.readText()'), { timeout: 5_000 }).toContain('December 13, 2005');
  });
});

describe('citations', () => {
  it('lists each source with its quote and paragraph under the answer', async () => {
    await chat.askAndWait(FIRST);
    const first = expected.citations[0]!;
    const sources = squash(await chat.sources.first().textContent());
    expect(sources).toContain(squash(first.quote));
    expect(sources).toContain(`¶ ${first.paragraph}`);
  });

  it('previews the quote when the pointer rests on a chip', async () => {
    const answer = await chat.askAndWait(FIRST);
    const chip = chat.citations(answer).first();
    const start = squash(citation(await chip.getAttribute('data-n')).quote).slice(0, 40);
    const title = await chip.getAttribute('title');
    if (title !== null) {
      expect(squash(title)).toContain(start);
    } else {
      await chip.hover();
      const tooltip = chat.page.getByRole('tooltip');
      await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
      expect(squash(await tooltip.textContent())).toContain(start);
    }
  });

  it('opens the source panel on a chip with the quote in a <mark>', async () => {
    const answer = await chat.askAndWait(FIRST);
    expect(await chat.panel.isVisible()).toBe(false);
    const cited = await openFirstSource(answer);
    expect(await chat.markTexts()).toContain(squash(cited.quote));
  });

  it('closes the source panel with Escape and with its close button', async () => {
    const answer = await chat.askAndWait(FIRST);
    await openFirstSource(answer);
    await chat.page.keyboard.press('Escape');
    await chat.panel.waitFor({ state: 'hidden', timeout: 5_000 });

    await openFirstSource(answer);
    await chat.closeSource.click();
    await chat.panel.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('shows the whole article scrolled to the quote, still marked', async () => {
    const answer = await chat.askAndWait(FIRST);
    const cited = await openFirstSource(answer);
    await chat.readArticle.click();

    const paragraphs = articleText.split(/\n\s*\n/).map(squash).filter((p) => p !== '');
    const opening = paragraphs[0]!.slice(0, 80);
    const closing = paragraphs[paragraphs.length - 1]!.slice(-40);
    await expect.poll(async () => squash(await chat.panel.textContent()), { timeout: 5_000 }).toContain(opening);
    expect(squash(await chat.panel.textContent())).toContain(closing);

    const quote = squash(cited.quote);
    await expect.poll(() => chat.markTexts(), { timeout: 5_000 }).toContain(quote);
    // The article's mark comes after any copy of the quote kept at the top of the panel.
    const marked = chat.panel.locator('mark').filter({ hasText: quote }).last();
    await expect.poll(() => isInView(chat.page, marked, chat.panel), { timeout: 5_000 }).toBe(true);
  });

  it('keeps a restored answer’s chips working after a reload', async () => {
    await chat.askAndWait(FIRST);
    await chat.page.reload();
    const answer = await chat.answer(0);
    const cited = await openFirstSource(answer);
    expect(await chat.markTexts()).toContain(squash(cited.quote));
  });
});

describe('untrusted text', () => {
  async function expectNoInjectedMarkup() {
    expect(await chat.page.evaluate<string>('typeof window.__xss')).toBe('undefined');
    expect(await chat.page.locator('img[src="x"], [onerror]').count()).toBe(0);
    expect(await chat.page.evaluate<boolean>('[...document.scripts].some((s) => s.textContent.includes("__xss"))')).toBe(false);
    expect(await chat.questions.first().textContent()).toBe(HOSTILE);
  }

  it('shows a question with HTML in it as text, running nothing', async () => {
    await chat.askAndWait(HOSTILE);
    await expectNoInjectedMarkup();
  });

  it('still shows it as text when the conversation is restored', async () => {
    await chat.askAndWait(HOSTILE);
    await chat.page.reload();
    await chat.answer(0);
    await expectNoInjectedMarkup();
  });
});

describe('conversation', () => {
  it('keeps the conversation across a reload', async () => {
    await chat.askAndWait(FIRST);
    await chat.page.reload();
    const answer = await chat.answer(0);
    expect(await chat.questions.count()).toBe(1);
    expect(squash(await chat.questions.first().textContent())).toBe(FIRST);
    expect(squash(await answer.textContent())).toContain('December 13, 2005');
    expect(await chat.citations(answer).count()).toBeGreaterThanOrEqual(1);
  });

  it('keeps a question whose answer was still pending at the reload, as stopped', async () => {
    await holdChatRequests();
    await chat.ask(FIRST);
    await chat.stop.waitFor({ state: 'visible' });
    await chat.page.reload();
    await chat.input.waitFor({ state: 'visible' });
    await expect.poll(() => chat.questions.count(), { timeout: 5_000 }).toBe(1);
    expect(squash(await chat.questions.first().textContent())).toBe(FIRST);
    await chat.answer(0, 'stopped');
  });

  it('clears the conversation on New chat, for good', async () => {
    await chat.askAndWait(FIRST);
    await chat.newChat.click();
    await chat.questions.first().waitFor({ state: 'detached', timeout: 5_000 });
    expect(await chat.answers.count()).toBe(0);
    await chat.examples.first().waitFor({ state: 'visible', timeout: 5_000 });

    await chat.page.reload();
    await chat.input.waitFor({ state: 'visible' });
    await chat.examples.first().waitFor({ state: 'visible', timeout: 5_000 });
    expect(await chat.questions.count()).toBe(0);
  });
});

describe('failures', () => {
  const failures: Array<[string, (route: Route) => Promise<void>]> = [
    [
      'an HTTP 500',
      (route) =>
        route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal_error', message: 'something broke (request test)' } }),
        }),
    ],
    ['a dropped connection', (route) => route.abort('connectionreset')],
    [
      'an error event in the middle of the stream',
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/event-stream; charset=utf-8',
          body:
            'event: delta\ndata: {"text":"Of special importance"}\n\n' +
            'event: error\ndata: {"error":{"code":"internal_error","message":"the answer failed (request test)"}}\n\n',
        }),
    ],
    [
      'a stream cut off before its done event',
      (route) =>
        route.fulfill({ status: 200, contentType: 'text/event-stream; charset=utf-8', body: 'event: delta\ndata: {"text":"Of special importance"}\n\n' }),
    ],
  ];

  it.each(failures)('offers a retry after %s, and the retry answers', async (_name, fail) => {
    chat.problems.allowFailedLoads('/api/chat');
    await chat.page.route('**/api/chat', fail);
    await chat.ask(FIRST);
    await chat.error.waitFor({ state: 'visible' });
    await chat.retry.waitFor({ state: 'visible' });

    await chat.page.unroute('**/api/chat');
    await chat.retry.click();
    await chat.error.waitFor({ state: 'hidden' });
    const answer = chat.answers.last();
    await expect.poll(() => answer.getAttribute('data-state', { timeout: 500 }).catch(() => 'no answer'), { timeout: WAIT_MS }).toBe('done');
    expect(squash(await answer.textContent())).toContain('December 13, 2005');
    expect(await chat.questions.count()).toBe(1);
  });

  it('stops a pending answer and lets the next question through', async () => {
    await holdChatRequests();
    await chat.ask(FIRST);
    await chat.stop.waitFor({ state: 'visible' });
    await chat.stop.click();
    await chat.answer(0, 'stopped');
    await chat.stop.waitFor({ state: 'hidden', timeout: 5_000 });
    await chat.page.unrouteAll({ behavior: 'ignoreErrors' });

    expect(await chat.input.isEditable()).toBe(true);
    const next = await chat.askAndWait(OFF_TOPIC);
    expect(await next.getAttribute('data-abstained')).toBe('true');
  });
});

describe('on a phone (390×844)', () => {
  beforeEach(async () => {
    await chat.page.setViewportSize({ width: 390, height: 844 });
  });

  /** The input and send button are on screen, not just in the DOM. */
  async function expectComposerOnScreen() {
    for (const control of [chat.input, chat.send]) {
      expect(await control.isVisible()).toBe(true);
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390 + 1);
      expect(box.y + box.height).toBeLessThanOrEqual(844 + 1);
    }
  }

  it('fits the empty screen without sideways scrolling', async () => {
    expect(await chat.horizontalOverflow()).toBeLessThanOrEqual(0);
    await expectComposerOnScreen();
  });

  it('fits an answer with its sources without sideways scrolling', async () => {
    const answer = await chat.askAndWait(FIRST);
    expect(await chat.horizontalOverflow()).toBeLessThanOrEqual(0);
    const box = (await answer.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390 + 1);
    await expectComposerOnScreen();
  });

  it('fits the open source panel and the article without sideways scrolling', async () => {
    const answer = await chat.askAndWait(FIRST);
    await openFirstSource(answer);
    expect(await chat.horizontalOverflow()).toBeLessThanOrEqual(0);
    const panel = (await chat.panel.boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(-1);
    expect(panel.x + panel.width).toBeLessThanOrEqual(390 + 1);
    expect(await chat.closeSource.isVisible()).toBe(true);
    expect(await chat.input.isVisible()).toBe(true);
    expect(await chat.send.isVisible()).toBe(true);

    await chat.readArticle.click();
    await expect.poll(() => chat.markTexts(), { timeout: 5_000 }).toContain(squash(expected.citations[0]!.quote));
    expect(await chat.horizontalOverflow()).toBeLessThanOrEqual(0);
  });
});
