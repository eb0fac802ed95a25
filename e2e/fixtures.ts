/**
 * The specs' `test` and `expect`. Every test fails when a page logs a console error or
 * throws an uncaught exception (any page of the test's context, or of a context the test
 * opens): the errors are collected while the test runs and listed in the failure after it.
 *
 * The guided tour opens by itself on a first visit. Tests start past it: every page (of the
 * test's context and of contexts it opens) has the tour's "seen" flag in localStorage before
 * the app loads, even after the test clears localStorage and reloads. A test of the true first
 * visit sets `test.use({ firstVisit: true })`.
 */
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from '@playwright/test';

export { expect };
export type { Page };

function describeConsole(msg: ConsoleMessage): string {
  const { url, lineNumber, columnNumber } = msg.location();
  const where = url ? ` (at ${url}:${lineNumber + 1}:${columnNumber + 1})` : '';
  return `console.error: ${msg.text()}${where}`;
}

/** The tour's localStorage key and flag (src/store/view.ts). */
const TOUR_KEY = 'nvinx-planner:tour';

const skipTour = (c: BrowserContext) =>
  c.addInitScript((key) => {
    try {
      localStorage.setItem(key, 'seen');
    } catch {
      // about:blank and the like have no storage
    }
  }, TOUR_KEY);

export const test = base.extend<{
  failOnConsoleErrors: void;
  firstVisit: boolean;
  expectedConsoleErrors: readonly RegExp[];
}>({
  firstVisit: [false, { option: true }],
  /** Console errors a test causes on purpose (a request it aborts): these alone do not fail it. */
  expectedConsoleErrors: [[], { option: true }],
  failOnConsoleErrors: [
    async ({ context, browser, firstVisit, expectedConsoleErrors }, runTest) => {
      const errors: string[] = [];
      const watchPage = (page: Page) => {
        page.on('console', (msg) => {
          if (msg.type() === 'error' && !expectedConsoleErrors.some((re) => re.test(msg.text())))
            errors.push(describeConsole(msg));
        });
        page.on('pageerror', (err) => errors.push(`uncaught exception: ${err.stack ?? err.message}`));
      };
      const watchContext = (c: BrowserContext) => {
        c.pages().forEach(watchPage);
        c.on('page', watchPage);
      };
      watchContext(context);
      if (!firstVisit) await skipTour(context);
      // Pages of contexts the test opens itself (browser.newContext / newPage) are watched too.
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const c = await newContext.apply(browser, args);
        watchContext(c);
        if (!firstVisit) await skipTour(c);
        return c;
      };
      try {
        await runTest();
      } finally {
        browser.newContext = newContext;
      }
      if (errors.length > 0) {
        throw new Error(
          `${errors.length} console error(s) or uncaught exception(s) during the test:\n` +
            errors.map((e, i) => `  ${i + 1}. ${e}`).join('\n'),
        );
      }
    },
    { auto: true },
  ],
});
