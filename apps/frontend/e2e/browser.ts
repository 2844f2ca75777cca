/**
 * The browser the suites drive: one headless Chromium per suite (`CHROMIUM_PATH`, default
 * /usr/bin/chromium) with a fresh profile and the flags ENVIRONMENT.md lists for this machine, the
 * CSP / console guard (browser-guards.ts) on every page, and a clean session per test: a new page
 * with no cookie and nothing stored for the app (local and session storage, IndexedDB, service
 * workers, caches of the Cache API) left by another test. Only the HTTP cache is kept, so each test
 * does not download and compile the app's scripts again: a returning browser, with nobody signed in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { guardBrowser, type BrowserGuard } from './browser-guards';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  /** A page of this session's own. */
  page: Page;
  /** What this session's pages did wrong: starts empty for each session. */
  guard: BrowserGuard;
  /** Closes the session's pages. */
  close(): Promise<void>;
}

export interface SuiteBrowser {
  newSession(): Promise<BrowserSession>;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Launches the browser for a suite whose app is served from `appOrigin` (e.g. `http://127.0.0.1:41234`). */
export async function launchBrowser(profileName: string, appOrigin: string): Promise<SuiteBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), `todo-e2e-${profileName}-`));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    context.setDefaultTimeout(15_000);
    const guard = await guardBrowser(context);
    const profilePage = context.pages()[0] ?? (await context.newPage());
    const devtools = await context.newCDPSession(profilePage);
    return {
      async newSession() {
        await context.clearCookies();
        // Everything an origin can store but the HTTP cache (which Chromium keeps apart from these).
        await devtools.send('Storage.clearDataForOrigin', { origin: new URL(appOrigin).origin, storageTypes: 'all' });
        guard.problems.splice(0);
        const page = await context.newPage();
        return { context, page, guard, close: () => page.close() };
      },
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The per-test hooks every browser suite shares: before each test a fresh session of the suite's
 * browser, handed to `use`; after it, no CSP violation or console error on any page the test used,
 * plus what `alsoAfter` checks, and the session closed whatever happened.
 */
export function freshSessionPerTest(
  browser: () => SuiteBrowser | undefined,
  use: (session: BrowserSession) => void,
  alsoAfter?: () => void,
): void {
  let session: BrowserSession | undefined;
  beforeEach(async () => {
    const suiteBrowser = browser();
    assert.ok(suiteBrowser, "the suite's browser is launched in its before() hook");
    session = await suiteBrowser.newSession();
    use(session);
  });
  afterEach(async () => {
    try {
      assert.deepEqual(session?.guard.problems, [], 'no CSP violation or console error');
      alsoAfter?.();
    } finally {
      await session?.close();
      session = undefined;
    }
  });
}
