/**
 * The browser suite: the real frontend and backend, driven in headless Chromium through
 * playwright-core. One person's journey, in order (each step builds on the last): sign up, add and
 * complete tasks, filter, ask the assistant to add a task, log out; then a second person who must
 * not see any of it, and who then deletes the account. A screenshot of each page goes to artifacts/e2e/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { llmReply } from '@todo/testkit/scripted-llm-server';
import { stopMidTurn, streamedThreeToolTurn, undoAssistantDelete } from './assistant-steps';
import { launchBrowser, type GuardedBrowser } from './browser';
import type { BrowserGuard } from './browser-guards';
import { artifactsDir, startStack, type Stack } from './stack';

const STEP_TIMEOUT_MS = 60_000;
const PASSWORD = 'correct horse battery';

let stack: Stack;
let context: BrowserContext;
let guard: BrowserGuard;
let page: Page;
let browser: GuardedBrowser | undefined;
const metrics: Record<string, number | string> = {};
const screenshots: string[] = [];
const alice = { email: `alice-${Date.now()}@example.com` };
const bob = { email: `bob-${Date.now()}@example.com` };
let aliceTaskIds: string[] = [];

async function screenshot(name: string): Promise<void> {
  const file = `${name}.png`;
  await page.screenshot({ path: join(artifactsDir, file), fullPage: true });
  screenshots.push(file);
}

async function signUp(email: string): Promise<void> {
  await page.goto(`${stack.frontendUrl}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/tasks$/);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
}

async function addTask(title: string, priority?: 'low' | 'medium' | 'high'): Promise<void> {
  await page.getByLabel('New task').fill(title);
  if (priority) await page.getByRole('combobox', { name: 'Priority', exact: true }).selectOption(priority);
  await page.getByRole('button', { name: 'Add task' }).click();
  // Confirmed by the server once the optimistic "Saving…" marker is gone.
  await page.getByRole('checkbox', { name: `Mark “${title}” as done` }).waitFor();
  await settled();
}

/** Every optimistic change has been confirmed (or rolled back) by the server. */
async function settled(): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.task-pending').length === 0);
}

async function boardTitles(): Promise<string[]> {
  return page.locator('.task-list .task-title').allInnerTexts();
}

/** The current person's tasks, straight from the API through the frontend's proxy. */
async function apiTasks(): Promise<Array<{ id: string; title: string; completed: boolean }>> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/tasks?limit=100');
    return ((await response.json()) as { items: Array<{ id: string; title: string; completed: boolean }> }).items;
  });
}

describe('the web app in a real browser', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    stack = await startStack();
    await new Promise((settle) => setTimeout(settle, 3_000));
    metrics.frontendIdleRssMiB = stack.frontendRssMiB();
    browser = await launchBrowser('chromium');
    ({ context, guard, page } = browser);
  });

  after(async () => {
    if (stack) metrics.frontendRssAfterSuiteMiB = stack.frontendRssMiB();
    await browser?.close();
    await stack?.stop();
    writeFileSync(join(artifactsDir, 'metrics.json'), `${JSON.stringify({ ...metrics, screenshots }, null, 2)}\n`);
    console.log(`e2e metrics: ${JSON.stringify(metrics)}\nscreenshots in ${artifactsDir}: ${screenshots.join(', ')}`);
  });

  // Every step: no Content-Security-Policy violation and no console error on any page it used.
  afterEach(() => {
    assert.deepEqual(guard.problems.splice(0), [], 'no CSP violation or console error');
  });

  it('when a visitor opens the app, then the log-in page shows', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.goto(stack.frontendUrl);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await screenshot('01-login');
  });

  it('when a person signs up, then an empty board opens and the token stays in an httpOnly cookie', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/signup$/);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot('02-signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/tasks$/);

    await page.getByText('No tasks yet. Add your first one above, or ask the assistant.').waitFor();
    assert.equal(await page.getByText(alice.email).innerText(), alice.email);
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'todo_session');
    assert.ok(cookie, 'the session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(await page.evaluate(() => document.cookie.includes('todo_session')), false);
    await screenshot('03-board-empty');
  });

  it('when tasks are added, edited and one is completed, then the board and the server agree', { timeout: STEP_TIMEOUT_MS }, async () => {
    await addTask('Write the quarterly report', 'high');
    await addTask('Call the plumber');
    await addTask('Water plants', 'low');
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
    await settled();

    await page.reload();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    assert.deepEqual(await boardTitles(), ['Book dentist', 'Water the plants', 'Call the plumber', 'Write the quarterly report']);
    assert.equal(await page.getByRole('checkbox', { name: 'Mark “Call the plumber” as not done' }).isChecked(), true);
    const stored = await apiTasks();
    assert.deepEqual(
      stored.map((task) => [task.title, task.completed]),
      [
        ['Book dentist', false],
        ['Water the plants', false],
        ['Call the plumber', true],
        ['Write the quarterly report', false],
      ],
    );
    aliceTaskIds = stored.map((task) => task.id);
    await screenshot('04-board-with-tasks');
  });

  it('when the board is filtered and searched, then only the matching tasks show', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.getByLabel('Filter by status').selectOption('completed');
    await page.waitForURL(/status=completed/);
    await page.waitForFunction(() => document.querySelectorAll('.task-list .task').length === 1);
    assert.deepEqual(await boardTitles(), ['Call the plumber']);
    await screenshot('05-board-filtered-completed');

    await page.getByLabel('Filter by status').selectOption('all');
    await page.waitForURL((url) => !url.search.includes('status='));
    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('report');
    await page.getByRole('searchbox', { name: 'Search tasks' }).press('Enter');
    await page.waitForURL(/q=report/);
    await page.waitForFunction(() => document.querySelectorAll('.task-list .task').length === 1);
    assert.deepEqual(await boardTitles(), ['Write the quarterly report']);

    await page.goto(`${stack.frontendUrl}/tasks?sort=priority`);
    await page.waitForFunction(() => document.querySelectorAll('.task-list .task').length === 4);
    assert.equal((await boardTitles())[0], 'Write the quarterly report');
    await page.goto(`${stack.frontendUrl}/tasks`);
  });

  it('when the assistant is asked to add a task, then it shows the action and the task appears on the board', { timeout: STEP_TIMEOUT_MS }, async () => {
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
    const firstCall = stack.llm.requests[0]?.body.messages.at(-1);
    assert.deepEqual({ role: firstCall?.role, content: firstCall?.content }, { role: 'user', content: 'Please add a task to buy milk' });
    assert.equal((await apiTasks()).some((task) => task.title === 'Buy milk'), true);
    await screenshot('06-assistant-added-task');
  });

  it('when the assistant runs three tools, then its first words and each chip show before the final text', { timeout: STEP_TIMEOUT_MS }, async () => {
    const { firstWordsMs, finalAnswerMs } = await streamedThreeToolTurn(page, stack);
    metrics.assistantFirstWordsMs = firstWordsMs;
    metrics.assistantFinalAnswerMs = finalAnswerMs;
    await screenshot('06b-assistant-streamed-turn');
  });

  it('when an assistant delete is undone from its chip, then the task is back on the board', { timeout: STEP_TIMEOUT_MS }, async () => {
    await undoAssistantDelete(page, stack, apiTasks);
    await screenshot('06c-assistant-undo');
  });

  it('when the person stops a turn midway, then the conversation reloads with what was done and a note', { timeout: STEP_TIMEOUT_MS }, async () => {
    await stopMidTurn(page, stack, 'Please add a task to buy milk');
    await screenshot('06d-assistant-stopped');
  });

  it('when the assistant provider refuses the key, then a clear notice says the assistant is unavailable', { timeout: STEP_TIMEOUT_MS }, async () => {
    stack.llm.push(llmReply.error(401, { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    await page.getByLabel('Message the assistant').fill('What is due this week?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('The assistant is not available.').waitFor();
    assert.equal(await page.getByLabel('Message the assistant').inputValue(), 'What is due this week?');
    await screenshot('07-assistant-unavailable');
  });

  it('when the board is opened at phone width, then nothing overflows sideways', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByRole('heading', { name: 'Assistant' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
    await screenshot('08-phone-board');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('when the person logs out, then the cookie is gone and the board needs a new log-in', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    assert.equal((await context.cookies()).some((cookie) => cookie.name === 'todo_session'), false);
    await page.goto(`${stack.frontendUrl}/tasks`);
    await page.waitForURL(/\/login$/);
    await screenshot('09-logged-out');
  });

  it("when a second person signs up, then they see none of the first person's tasks or conversations", { timeout: STEP_TIMEOUT_MS }, async () => {
    await signUp(bob.email);
    await page.getByText('No tasks yet. Add your first one above, or ask the assistant.').waitFor();
    await page.getByText('No conversations yet.').waitFor();
    assert.deepEqual(await apiTasks(), []);
    const statuses = await page.evaluate(
      async (ids) => Promise.all(ids.map(async (id) => (await fetch(`/api/v1/tasks/${id}`)).status)),
      aliceTaskIds,
    );
    assert.deepEqual(statuses, aliceTaskIds.map(() => 404));
    await addTask('Bob’s own task');
    await screenshot('10-second-user-board');
  });

  it('when the second person deletes the account with their password, then the log-in page says so and the account no longer logs in', { timeout: STEP_TIMEOUT_MS }, async () => {
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByText(`Signed in as ${bob.email}`).waitFor();
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
    assert.equal((await context.cookies()).some((cookie) => cookie.name === 'todo_session'), false);
    await page.getByLabel('Email').fill(bob.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Invalid email or password').waitFor();
  });

  it('when the session token is no longer valid, then the cookie is cleared and the person is sent to log in', { timeout: STEP_TIMEOUT_MS }, async () => {
    const url = new URL(stack.frontendUrl);
    await context.addCookies([{ name: 'todo_session', value: 'forged.token.value', domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(`${stack.frontendUrl}/tasks`);
    await page.waitForURL(/\/login\?expired=1$/);
    await page.getByText('Your session has ended. Please log in again.').waitFor();
    assert.equal((await context.cookies()).some((cookie) => cookie.name === 'todo_session'), false);
    await screenshot('12-session-expired');
  });
});
