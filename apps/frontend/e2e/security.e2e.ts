/**
 * Abuse and browser security against the real built frontend and backend (issue 11): an attacker
 * on another address hammering one account with forged X-Forwarded-For headers, while a person in
 * Chromium keeps logging in and signing up; the security headers of every kind of response; a page
 * that tries to frame the app; logout and password change ending sessions server-side. Chromium
 * connects from 127.0.0.1; the attacker's requests leave from 127.0.0.2 (all of 127/8 is loopback).
 * Each test makes its own people (test-data.ts), in a clean browser session of its own, so any
 * test runs alone or in any order; the stack and the browser are started once for the file.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { send, type Answer } from '@todo/testkit/http-request';
import type { BrowserContext, Page } from 'playwright-core';
import { freshSessionPerTest, launchBrowser, type BrowserSession, type SuiteBrowser } from './browser';
import { artifactsDir, startStack, type Stack } from '@todo/system-test/stack';
import { PASSWORD, signedInPerson, signUpInBrowser, uniqueEmail } from './test-data';

const STEP_TIMEOUT_MS = 60_000;
/**
 * Where the requests that are not the person's leave from: one address per test, so no test finds
 * the per-address budget of sign-ups and log-ins (20 a minute) spent by another. The person's
 * browser and the set-up requests share 127.0.0.1: about 10 attempts for the whole file.
 */
const ADDRESSES = { attacker: '127.0.0.2', otherDevice: '127.0.0.3', guesser: '127.0.0.4' };

let stack: Stack;
let browser: SuiteBrowser | undefined;
let session: BrowserSession | undefined;
let context: BrowserContext;
let page: Page;

async function logInInBrowser(email: string): Promise<void> {
  await page.goto(`${stack.frontendUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function logOutInBrowser(): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
}

const sessionCookie = async () => (await context.cookies()).find((cookie) => cookie.name === 'todo_session')?.value;
/** Wrong passwords for `email` from `localAddress` until the account is locked (10 attempts), each answered 401. */
async function guessPasswords(email: string, localAddress: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const answer = await send(`${stack.frontendUrl}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.frontendUrl },
      body: JSON.stringify({ email, password: `guess ${i}` }),
      localAddress,
    });
    statuses.push(answer.status);
  }
  return statuses;
}

const meWith = (token: string) => send(`${stack.frontendUrl}/api/v1/auth/me`, { headers: { cookie: `todo_session=${token}` } });

describe('abuse resistance and browser security', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    stack = await startStack();
    browser = await launchBrowser('security', stack.frontendUrl);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  freshSessionPerTest(
    () => browser,
    (fresh) => ({ context, page } = session = fresh),
  );

  it('when pages, API answers and assets are fetched, then each carries its security headers', { timeout: STEP_TIMEOUT_MS }, async () => {
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    };
    const pick = (answer: Answer) => Object.fromEntries(Object.keys(common).map((name) => [name, answer.headers[name]]));
    const login = await send(`${stack.frontendUrl}/login`, {});
    const missing = await send(`${stack.frontendUrl}/no-such-page`, {});
    const api = await send(`${stack.frontendUrl}/api/health`, {});
    const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(login.body)?.[1];
    assert.ok(script, 'the login page loads a script from /_next/static');
    const asset = await send(`${stack.frontendUrl}${script}`, {});

    for (const answer of [login, missing, api, asset]) assert.deepEqual(pick(answer), common);
    const [loginPolicy, missingPolicy] = [
      String(login.headers['content-security-policy']),
      String(missing.headers['content-security-policy']),
    ];
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(loginPolicy)?.[1];
    assert.equal(
      loginPolicy,
      `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'nonce-${nonce}'; img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
    );
    assert.ok(login.body.includes(`nonce="${nonce}"`), 'the page scripts carry the nonce');
    assert.notEqual(/'nonce-([^']+)'/.exec(missingPolicy)?.[1], nonce, 'every page gets a new nonce, the 404 page included');
    assert.equal(missing.status, 404);
    for (const answer of [api, asset])
      assert.equal(
        answer.headers['content-security-policy'],
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
    assert.equal(login.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
    const forgedHttps = await send(`${stack.frontendUrl}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(forgedHttps.headers['strict-transport-security'], undefined, 'a client cannot claim https (no trusted proxy here)');
  });

  it('when another site frames the app, then the browser refuses to render it', { timeout: STEP_TIMEOUT_MS }, async () => {
    // Chromium logs its refusal in the framing page's console the moment the app's answer arrives:
    // that message, not a set time, is what the test waits for before it looks at the frame.
    const refusal = page.waitForEvent('console', { predicate: (message) => message.text().includes("frame-ancestors 'none'") });
    await page.setContent(`<iframe src="${stack.frontendUrl}/login" title="framed"></iframe>`);
    await refusal;

    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    assert.ok(framed, 'the page has its frame');
    assert.notEqual(framed.url(), `${stack.frontendUrl}/login`, 'the frame did not load the app');
    assert.equal(await framed.getByRole('heading', { name: 'Log in' }).count(), 0, 'no log-in form shows in the frame');
    // The refusal is a console error of the framing page, which is the point here: anything else still counts.
    const problems = session!.guard.problems;
    problems.push(...problems.splice(0).filter((problem) => !problem.includes("frame-ancestors 'none'")));
  });

  it(
    'when an attacker on another address hammers one account with forged X-Forwarded-For, then it is limited while a person logs in and signs up',
    { timeout: 2 * STEP_TIMEOUT_MS },
    async () => {
      const victim = uniqueEmail('victim');
      await signUpInBrowser(page, stack.frontendUrl, victim);
      await logOutInBrowser();
      const other = uniqueEmail('other');
      await signUpInBrowser(page, stack.frontendUrl, other);
      await logOutInBrowser();

      const answers: Answer[] = [];
      for (let i = 0; i < 25; i++) {
        // Half claim to be the person's address (to charge their budget), half a new address each time (to escape).
        const forged = i % 2 === 0 ? '127.0.0.1' : `198.51.100.${i}`;
        answers.push(
          await send(`${stack.frontendUrl}/api/session/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forged, origin: stack.frontendUrl },
            body: JSON.stringify({ email: victim, password: `guess ${i}` }),
            localAddress: ADDRESSES.attacker,
          }),
        );
      }

      const messages = answers.map((answer) =>
        answer.status === 429
          ? (JSON.parse(answer.body) as { error: { message: string } }).error.message.replace(/\d+ (seconds?|minutes?)/, 'N')
          : answer.status,
      );
      assert.deepEqual(messages, [
        ...Array<number>(10).fill(401),
        ...Array<string>(10).fill('Too many log-in attempts for this account. Try again in N.'),
        ...Array<string>(5).fill('Too many sign-up and log-in attempts from your address. Try again in N.'),
      ]);
      for (const answer of answers.filter((candidate) => candidate.status === 429)) {
        assert.match(String(answer.headers['retry-after']), /^\d+$/);
        assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'rate_limited');
      }

      // The person (127.0.0.1, the address the attacker named) is not charged: log in and sign up work.
      await logInInBrowser(other);
      await page.waitForURL(/\/tasks$/);
      await logOutInBrowser();
      await signUpInBrowser(page, stack.frontendUrl, uniqueEmail('newcomer'));
      await logOutInBrowser();
    },
  );

  it(
    'when the person tries a hammered account, then the form says it is locked and for how long',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      const { email } = await signedInPerson(context, stack.frontendUrl, 'locked');
      await context.clearCookies();
      assert.deepEqual(await guessPasswords(email, ADDRESSES.guesser), Array<number>(10).fill(401));

      await logInInBrowser(email);

      await page.getByText(/^Too many log-in attempts for this account\. Try again in 1[45] minutes\.$/).waitFor();
      assert.match(page.url(), /\/login$/);
      await page.screenshot({ path: join(artifactsDir, 'security-01-account-locked.png'), fullPage: true });
    },
  );

  it('when a person logs out, then a copy of the session token taken before is refused', { timeout: STEP_TIMEOUT_MS }, async () => {
    await signUpInBrowser(page, stack.frontendUrl, uniqueEmail('leaver'));
    const copied = await sessionCookie();
    assert.ok(copied);
    assert.equal((await meWith(copied)).status, 200);

    await logOutInBrowser();

    assert.equal((await meWith(copied)).status, 401);
  });

  it(
    'when the password is changed on the account page, then every other session ends, this one stays and only the new password logs in',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      const email = uniqueEmail('changer');
      const newPassword = 'a brand new passphrase';
      await signUpInBrowser(page, stack.frontendUrl, email);
      const elsewhere = await send(`${stack.frontendUrl}/api/session/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: stack.frontendUrl },
        body: JSON.stringify({ email, password: PASSWORD }),
        localAddress: ADDRESSES.otherDevice,
      });
      const otherToken = /todo_session=([^;]+)/.exec(String(elsewhere.headers['set-cookie']))?.[1];
      assert.ok(otherToken);
      assert.equal((await meWith(otherToken)).status, 200);

      await page.getByRole('link', { name: 'Account' }).click();
      await page.waitForURL(/\/account$/);
      await page.getByLabel('Current password').fill('not the password');
      await page.getByLabel('New password').fill(newPassword);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('alert').getByText('The current password is not correct').waitFor();
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed. Every other session of your account has been logged out.').waitFor();
      await page.screenshot({ path: join(artifactsDir, 'security-02-password-changed.png'), fullPage: true });

      assert.equal((await meWith(otherToken)).status, 401);
      await page.reload();
      await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
      await logOutInBrowser();
      await logInInBrowser(email);
      await page.getByText('Invalid email or password').waitFor();
      await page.getByLabel('Password').fill(newPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/tasks$/);
      await logOutInBrowser();
    },
  );
});
