/**
 * What the browser suite refuses to see while it uses the pages: a Content-Security-Policy
 * violation (the `securitypolicyviolation` event, reported from every document through a binding
 * that survives navigations) or a console error / uncaught exception. Chromium also logs
 * "Failed to load resource: the server responded with a status of N" for every 4xx/5xx a page
 * fetches; those answers are what the suite provokes on purpose (401, 404, 503) and are asserted
 * by the steps themselves, so they are not counted here. Everything else is.
 */
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

const RESPONSE_STATUS_LOG = /^Failed to load resource: the server responded with a status of \d{3}/;

export interface BrowserGuard {
  /** Every violation and console error seen so far, one line each. */
  readonly problems: string[];
  /** Also watches a page (the context's pages are watched already). */
  watch(page: Page): void;
}

export async function guardBrowser(context: BrowserContext): Promise<BrowserGuard> {
  const problems: string[] = [];
  await context.exposeBinding('__reportCspViolation', (source, text: string) => {
    problems.push(`CSP violation on ${source.page.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const watch = (page: Page) => {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' && !RESPONSE_STATUS_LOG.test(message.text()))
        problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return { problems, watch };
}
