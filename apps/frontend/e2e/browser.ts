/**
 * The browser both suites drive: headless Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium)
 * with a fresh profile, the flags ENVIRONMENT.md lists for this machine, and the CSP / console
 * guard (browser-guards.ts) on every page it opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export interface GuardedBrowser {
  context: BrowserContext;
  /** The profile's first page. */
  page: Page;
  guard: BrowserGuard;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

export async function launchBrowser(profileName: string): Promise<GuardedBrowser> {
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
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      guard,
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
