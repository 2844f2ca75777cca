/**
 * The browser suite: the real frontend and backend, driven in headless Chromium through
 * playwright-core. Each test is one thing a person does (sign up, work the board, talk to the
 * assistant, log out, delete the account, ...) for a person of its own, made by the test
 * (test-data.ts), in a clean browser session of its own (browser.ts): any test runs alone or in
 * any order. The stack and the browser are started once for the file. A screenshot of each page
 * goes to artifacts/e2e/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { llmReply } from '@todo/testkit/scripted-llm-server';
import { stopMidTurn, streamedThreeToolTurn, undoAssistantDelete } from './assistant-steps';
import { addTask, apiTasks, boardTitles, settled } from './board-steps';
import { freshSessionPerTest, launchBrowser, type SuiteBrowser } from './browser';
import { artifactsDir, startStack, type Stack } from '@todo/system-test/stack';
import { chatOnce, completeTask, createTasks, PASSWORD, signedInPerson, signUpInBrowser, uniqueEmail } from './test-data';

const STEP_TIMEOUT_MS = 60_000;

let stack: Stack;
let browser: SuiteBrowser | undefined;
let context: BrowserContext;
let page: Page;
const metrics: Record<string, number | string> = {};
const screenshots: string[] = [];

async function screenshot(name: string): Promise<void> {
  const file = `${name}.png`;
  await page.screenshot({ path: join(artifactsDir, file), fullPage: true });
  screenshots.push(file);
}

/** A new person of this test's own, signed in, on the board. */
async function onTheBoard(label: string): Promise<{ email: string }> {
  const person = await signedInPerson(context, stack.frontendUrl, label);
  await page.goto(`${stack.frontendUrl}/tasks`);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  return person;
}

const hasSessionCookie = async () => (await context.cookies()).some((cookie) => cookie.name === 'todo_session');

describe('the web app in a real browser', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    stack = await startStack();
    // Read before anything is sent to it: the frontend is idle from the moment it answers its
    // readiness probe (its RSS and CPU time stay flat for seconds after that).
    metrics.frontendIdleRssMiB = stack.frontendRssMiB();
    browser = await launchBrowser('app', stack.frontendUrl);
  });

  after(async () => {
    if (stack) metrics.frontendRssAfterSuiteMiB = stack.frontendRssMiB();
    await browser?.close();
    await stack?.stop();
    writeFileSync(join(artifactsDir, 'metrics.json'), `${JSON.stringify({ ...metrics, screenshots }, null, 2)}\n`);
    console.log(`e2e metrics: ${JSON.stringify(metrics)}\nscreenshots in ${artifactsDir}: ${screenshots.join(', ')}`);
  });

  // Every test: a fresh session; afterwards no CSP violation or console error on any page it
  // used, and no scripted model reply left over for the next test.
  freshSessionPerTest(
    () => browser,
    (fresh) => ({ context, page } = fresh),
    () => assert.equal(stack.llm.pending(), 0, 'every scripted model reply was asked for'),
  );

  it('when a visitor opens the app, then the log-in page shows', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.goto(stack.frontendUrl);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await screenshot('01-login');
  });

  it(
    'when a person signs up, then an empty board opens and the token stays in an httpOnly cookie',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      const email = uniqueEmail('signup');
      await page.goto(`${stack.frontendUrl}/login`);
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.waitForURL(/\/signup$/);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await screenshot('02-signup');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/tasks$/);

      await page.getByText('No tasks yet. Add your first one above, or ask the assistant.').waitFor();
      assert.equal(await page.getByText(email).innerText(), email);
      const cookie = (await context.cookies()).find((candidate) => candidate.name === 'todo_session');
      assert.ok(cookie, 'the session cookie is set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(await page.evaluate(() => document.cookie.includes('todo_session')), false);
      await screenshot('03-board-empty');
    },
  );

  it('when tasks are added, edited and one is completed, then the board and the server agree', { timeout: STEP_TIMEOUT_MS }, async () => {
    await onTheBoard('tasks');

    await addTask(page, 'Write the quarterly report', 'high');
    await addTask(page, 'Call the plumber');
    await addTask(page, 'Water plants', 'low');
    // Keyboard only: focus the field, type, Enter.
    await page.getByLabel('New task').focus();
    await page.keyboard.type('Book dentist');
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'Mark “Book dentist” as done' }).waitFor();

    await page.getByRole('button', { name: 'Edit “Water plants”' }).click();
    await page.getByLabel('Title').fill('Water the plants');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('checkbox', { name: 'Mark “Water the plants” as done' }).waitFor();

    await page.getByRole('checkbox', { name: 'Mark “Call the plumber” as done' }).check();
    await page.getByRole('checkbox', { name: 'Mark “Call the plumber” as not done' }).waitFor();
    await settled(page);

    await page.reload();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    assert.deepEqual(await boardTitles(page), ['Book dentist', 'Water the plants', 'Call the plumber', 'Write the quarterly report']);
    assert.equal(await page.getByRole('checkbox', { name: 'Mark “Call the plumber” as not done' }).isChecked(), true);
    assert.deepEqual(
      (await apiTasks(page)).map((task) => [task.title, task.completed]),
      [
        ['Book dentist', false],
        ['Water the plants', false],
        ['Call the plumber', true],
        ['Write the quarterly report', false],
      ],
    );
    await screenshot('04-board-with-tasks');
  });

  it('when the board is filtered and searched, then only the matching tasks show', { timeout: STEP_TIMEOUT_MS }, async () => {
    await signedInPerson(context, stack.frontendUrl, 'filter');
    const [, plumber] = await createTasks(context, stack.frontendUrl, [
      { title: 'Write the quarterly report', priority: 'high' },
      { title: 'Call the plumber' },
      { title: 'Water the plants', priority: 'low' },
      { title: 'Book dentist' },
    ]);
    await completeTask(context, stack.frontendUrl, plumber!.id);
    await page.goto(`${stack.frontendUrl}/tasks`);
    await page.getByRole('checkbox', { name: 'Mark “Call the plumber” as not done' }).waitFor();

    await page.getByLabel('Filter by status').selectOption('completed');
    await page.waitForURL(/status=completed/);
    await page.waitForFunction(() => document.querySelectorAll('.task-list .task').length === 1);
    assert.deepEqual(await boardTitles(page), ['Call the plumber']);
    await screenshot('05-board-filtered-completed');

    await page.getByLabel('Filter by status').selectOption('all');
    await page.waitForURL((url) => !url.search.includes('status='));
    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('report');
    await page.getByRole('searchbox', { name: 'Search tasks' }).press('Enter');
    await page.waitForURL(/q=report/);
    await page.waitForFunction(() => document.querySelectorAll('.task-list .task').length === 1);
    assert.deepEqual(await boardTitles(page), ['Write the quarterly report']);

    await page.goto(`${stack.frontendUrl}/tasks?sort=priority`);
    await page.waitForFunction(() => document.querySelectorAll('.task-list .task').length === 4);
    assert.equal((await boardTitles(page))[0], 'Write the quarterly report');
  });

  it(
    'when the assistant is asked to add a task, then it shows the action and the task appears on the board',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      await onTheBoard('assistant');
      const firstRequest = stack.llm.requests.length;
      stack.llm.push(llmReply.toolCall('add_task', { title: 'Buy milk' }), llmReply.text('Added “Buy milk” to your list.'));
      await page.getByLabel('Message the assistant').fill('Please add a task to buy milk');
      await page.getByLabel('Message the assistant').press('Enter');

      // In the thread (the status region announces the same words for screen readers).
      const thread = page.getByRole('list', { name: 'Messages' });
      await thread.getByText('added task: Buy milk').waitFor();
      await thread.getByText('Added “Buy milk” to your list.').waitFor();
      // The board refreshed from the server without a reload.
      await page.getByRole('checkbox', { name: 'Mark “Buy milk” as done' }).waitFor();
      await page.getByRole('button', { name: 'Please add a task to buy milk' }).waitFor();
      const sent = stack.llm.requests[firstRequest]?.body.messages.at(-1);
      assert.deepEqual({ role: sent?.role, content: sent?.content }, { role: 'user', content: 'Please add a task to buy milk' });
      assert.equal(
        (await apiTasks(page)).some((task) => task.title === 'Buy milk'),
        true,
      );
      await screenshot('06-assistant-added-task');
    },
  );

  it(
    'when the assistant runs three tools, then its first words and each chip show before the final text',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      await onTheBoard('streamed');
      const { firstWordsMs, finalAnswerMs } = await streamedThreeToolTurn(page, stack);
      metrics.assistantFirstWordsMs = firstWordsMs;
      metrics.assistantFinalAnswerMs = finalAnswerMs;
      await screenshot('06b-assistant-streamed-turn');
    },
  );

  it('when an assistant delete is undone from its chip, then the task is back on the board', { timeout: STEP_TIMEOUT_MS }, async () => {
    await signedInPerson(context, stack.frontendUrl, 'undo');
    const [packBags] = await createTasks(context, stack.frontendUrl, [{ title: 'Pack bags' }]);
    await page.goto(`${stack.frontendUrl}/tasks`);
    await page.getByRole('checkbox', { name: 'Mark “Pack bags” as done' }).waitFor();

    await undoAssistantDelete(page, stack, packBags!);
    await screenshot('06c-assistant-undo');
  });

  it(
    'when the person stops a turn midway, then the conversation reloads with what was done and a note',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      await onTheBoard('stop');
      await stopMidTurn(page, stack);
      await screenshot('06d-assistant-stopped');
    },
  );

  it(
    'when the assistant provider refuses the key, then a clear notice says the assistant is unavailable',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      await onTheBoard('refused');
      stack.llm.push(
        llmReply.error(401, { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }),
      );
      await page.getByLabel('Message the assistant').fill('What is due this week?');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('The assistant is not available.').waitFor();
      assert.equal(await page.getByLabel('Message the assistant').inputValue(), 'What is due this week?');
      await screenshot('07-assistant-unavailable');
    },
  );

  it('when the board is opened at phone width, then nothing overflows sideways', { timeout: STEP_TIMEOUT_MS }, async () => {
    // A board and a conversation list with something in them: long titles are what would overflow.
    await signedInPerson(context, stack.frontendUrl, 'phone');
    const [, plumber] = await createTasks(context, stack.frontendUrl, [
      { title: 'Write the quarterly report', priority: 'high' },
      { title: 'Call the plumber' },
      { title: 'Water the plants', priority: 'low' },
      { title: 'Buy milk' },
    ]);
    await completeTask(context, stack.frontendUrl, plumber!.id);
    stack.llm.push(llmReply.text('Nothing is due this week.'));
    await chatOnce(context, stack.frontendUrl, 'What is due this week on my list of tasks?');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.frontendUrl}/tasks`);
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByRole('heading', { name: 'Assistant' }).waitFor();
    await page.getByRole('button', { name: 'What is due this week on my list of tasks?' }).waitFor();
    await page.getByRole('checkbox', { name: 'Mark “Buy milk” as done' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
    await screenshot('08-phone-board');
  });

  it('when the person logs out, then the cookie is gone and the board needs a new log-in', { timeout: STEP_TIMEOUT_MS }, async () => {
    await onTheBoard('logout');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    assert.equal(await hasSessionCookie(), false);
    await page.goto(`${stack.frontendUrl}/tasks`);
    await page.waitForURL(/\/login$/);
    await screenshot('09-logged-out');
  });

  it(
    "when a second person signs up, then they see none of the first person's tasks or conversations",
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      await signedInPerson(context, stack.frontendUrl, 'first');
      const firstTasks = await createTasks(context, stack.frontendUrl, [
        { title: 'Write the quarterly report' },
        { title: 'Call the plumber' },
      ]);
      stack.llm.push(llmReply.text('Noted.'));
      const { conversationId } = await chatOnce(context, stack.frontendUrl, 'Remember the plumber');
      await context.clearCookies();

      await signUpInBrowser(page, stack.frontendUrl, uniqueEmail('second'));
      await page.getByText('No tasks yet. Add your first one above, or ask the assistant.').waitFor();
      await page.getByText('No conversations yet.').waitFor();
      assert.deepEqual(await apiTasks(page), []);
      const paths = [...firstTasks.map((task) => `/api/v1/tasks/${task.id}`), `/api/v1/conversations/${conversationId}/messages`];
      const statuses = await page.evaluate(async (urls) => Promise.all(urls.map(async (url) => (await fetch(url)).status)), paths);
      assert.deepEqual(
        statuses,
        paths.map(() => 404),
      );
      await addTask(page, 'The second person’s own task');
      await screenshot('10-second-user-board');
    },
  );

  it(
    'when a person deletes the account with their password, then the log-in page says so and the account no longer logs in',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      const { email } = await signedInPerson(context, stack.frontendUrl, 'leaver');
      await createTasks(context, stack.frontendUrl, [{ title: 'Something to delete with the account' }]);
      await page.goto(`${stack.frontendUrl}/tasks`);

      await page.getByRole('link', { name: 'Account' }).click();
      await page.waitForURL(/\/account$/);
      await page.getByText(`Signed in as ${email}`).waitFor();
      const deleteButton = page.getByRole('button', { name: 'Delete my account' });
      assert.equal(await deleteButton.isDisabled(), true, 'disabled until the password is typed');
      await page.getByLabel('Your password, to confirm').fill('not the password');
      await deleteButton.click();
      await page.getByRole('alert').getByText('The current password is not correct').waitFor();
      await page.getByLabel('Your password, to confirm').fill(PASSWORD);
      await screenshot('11-account');
      await deleteButton.click();

      await page.waitForURL(/\/login\?deleted=1$/);
      await page.getByText('Your account and all its data have been deleted.').waitFor();
      assert.equal(await hasSessionCookie(), false);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('Invalid email or password').waitFor();
    },
  );

  it(
    'when the session token is no longer valid, then the cookie is cleared and the person is sent to log in',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      const url = new URL(stack.frontendUrl);
      await context.addCookies([
        { name: 'todo_session', value: 'forged.token.value', domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' },
      ]);
      await page.goto(`${stack.frontendUrl}/tasks`);
      await page.waitForURL(/\/login\?expired=1$/);
      await page.getByText('Your session has ended. Please log in again.').waitFor();
      assert.equal(await hasSessionCookie(), false);
      await screenshot('12-session-expired');
    },
  );
});
