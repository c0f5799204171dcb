import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, and quiet on the network: nothing but the page's own requests to loopback. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Console errors and uncaught exceptions a page produced, as readable lines. */
export interface PageProblems {
  readonly list: string[];
  /**
   * Tolerates console errors the browser itself logs for a request the test broke on purpose
   * ("Failed to load resource: … 500") whose URL contains `urlPart`; the UI cannot silence them.
   */
  allowFailedLoads(urlPart: string): void;
}

/** Starts recording problems on `page`; attach before the first navigation. */
export function watchProblems(page: Page): PageProblems {
  const list: string[] = [];
  const allowed: string[] = [];
  const isAllowed = (msg: ConsoleMessage) =>
    msg.text().startsWith('Failed to load resource') && allowed.some((part) => msg.location().url.includes(part));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isAllowed(msg)) list.push(`console.error: ${msg.text()} (${msg.location().url || 'no url'})`);
  });
  page.on('pageerror', (error) => list.push(`pageerror: ${error.stack ?? error.message}`));
  return {
    list,
    allowFailedLoads(urlPart) {
      allowed.push(urlPart);
    },
  };
}
