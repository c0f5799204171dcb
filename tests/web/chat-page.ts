import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { watchProblems, type PageProblems } from './browser.js';

/** Longest wait for anything the UI does: an answer from the real server arrives well within it. */
export const WAIT_MS = 15_000;

/**
 * Clears localStorage on a page's first load only (the flag lives in sessionStorage, which
 * survives a reload), so each test starts with an empty conversation while the context is shared
 * and a reload still shows what the UI saved.
 */
const FRESH_START = `
  if (!sessionStorage.getItem('__chat_ui_test_started')) {
    localStorage.clear();
    sessionStorage.setItem('__chat_ui_test_started', '1');
  }
`;

/** The chat UI driven through its `data-testid` hooks. */
export class ChatPage {
  readonly input: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly newChat: Locator;
  readonly examples: Locator;
  readonly questions: Locator;
  readonly answers: Locator;
  readonly sources: Locator;
  readonly panel: Locator;
  readonly readArticle: Locator;
  readonly closeSource: Locator;
  readonly error: Locator;
  readonly retry: Locator;

  constructor(
    readonly page: Page,
    readonly problems: PageProblems,
  ) {
    const hook = (id: string) => page.locator(`[data-testid="${id}"]`);
    this.input = hook('question-input');
    this.send = hook('send');
    this.stop = hook('stop');
    this.newChat = hook('new-chat');
    this.examples = hook('example-question');
    this.questions = hook('question');
    this.answers = hook('answer');
    this.sources = hook('sources');
    this.panel = hook('source-panel');
    this.readArticle = hook('read-article');
    this.closeSource = hook('close-source');
    this.error = hook('error');
    this.retry = hook('retry');
  }

  /** A new page on `url` with an empty conversation, recording console errors from the start. */
  static async open(context: BrowserContext, url: string): Promise<ChatPage> {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.addInitScript(FRESH_START);
    await page.goto(url);
    const chat = new ChatPage(page, problems);
    await chat.input.waitFor({ state: 'visible', timeout: WAIT_MS });
    return chat;
  }

  /** Types the question and presses Enter. */
  async ask(question: string): Promise<void> {
    await this.input.fill(question);
    await this.input.press('Enter');
  }

  /** The `i`-th answer (from 0), once it has reached `state`; fails naming the state it is stuck in. */
  async answer(i: number, state: 'done' | 'error' | 'stopped' = 'done'): Promise<Locator> {
    const answer = this.answers.nth(i);
    await expect
      .poll(() => answer.getAttribute('data-state', { timeout: 500 }).catch(() => 'no such answer'), { timeout: WAIT_MS, interval: 100 })
      .toBe(state);
    return answer;
  }

  /** Asks and waits for that question's answer to finish. */
  async askAndWait(question: string): Promise<Locator> {
    const before = await this.answers.count();
    await this.ask(question);
    return this.answer(before);
  }

  citations(answer: Locator): Locator {
    return answer.locator('[data-testid="citation"]');
  }

  /** The texts of the source panel's `<mark>`s, whitespace squashed. */
  async markTexts(): Promise<string[]> {
    return (await this.panel.locator('mark').allTextContents()).map(squash);
  }

  /** `document.documentElement.scrollWidth - innerWidth`: above 0 means the page scrolls sideways. */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  }
}

/** Text as a reader sees it: runs of whitespace (including no-break spaces) as one space. */
export function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Whether `target` lies inside both the viewport and `container`'s box (1 px slack for rounding). */
export async function isInView(page: Page, target: Locator, container: Locator): Promise<boolean> {
  const box = (l: Locator) => l.boundingBox({ timeout: 500 }).catch(() => null);
  const [t, c] = await Promise.all([box(target), box(container)]);
  const viewport = page.viewportSize();
  if (!t || !c || !viewport) return false;
  const top = Math.max(0, c.y) - 1;
  const bottom = Math.min(viewport.height, c.y + c.height) + 1;
  const left = Math.max(0, c.x) - 1;
  const right = Math.min(viewport.width, c.x + c.width) + 1;
  return t.y >= top && t.y + t.height <= bottom && t.x >= left && t.x + t.width <= right;
}
