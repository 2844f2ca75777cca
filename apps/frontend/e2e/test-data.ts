/**
 * The records a browser test makes for itself before it drives the pages: a person of its own and
 * their tasks or conversations, made through the frontend's own API (the BFF a page calls) with the
 * test's browser context, so the session cookie lands in the browser as a log-in would set it.
 * Each call is one request: the screens under test are exercised by the tests, not by the set-up.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChatResponse, CreateTaskRequest, Task } from '@todo/contracts';
import type { BrowserContext, Page } from 'playwright-core';

export const PASSWORD = 'correct horse battery';

/** An address no other test, run or suite uses: `label-<uuid>@example.com`. */
export const uniqueEmail = (label: string) => `${label}-${randomUUID()}@example.com`;

/** A writing request as the page sends it: JSON, from the frontend's own origin (the BFF refuses others). */
async function post<T>(context: BrowserContext, frontendUrl: string, path: string, body: unknown, status: number): Promise<T> {
  const response = await context.request.post(`${frontendUrl}${path}`, { data: body, headers: { origin: frontendUrl } });
  assert.equal(response.status(), status, `POST ${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Signs a new person up and leaves them signed in in `context`. Each sign-up counts against the
 * backend's per-address limit (20 sign-ups and log-ins a minute; the whole suite shares 127.0.0.1).
 */
export async function signedInPerson(context: BrowserContext, frontendUrl: string, label: string): Promise<{ email: string }> {
  const email = uniqueEmail(label);
  await post(context, frontendUrl, '/api/session/signup', { email, password: PASSWORD }, 201);
  return { email };
}

/** Creates the tasks in order (so the board, newest first, lists them in reverse) for the signed-in person. */
export async function createTasks(context: BrowserContext, frontendUrl: string, tasks: CreateTaskRequest[]): Promise<Task[]> {
  const created: Task[] = [];
  for (const task of tasks) created.push((await post<{ task: Task }>(context, frontendUrl, '/api/v1/tasks', task, 201)).task);
  return created;
}

/** Marks a task done, as its checkbox does. */
export async function completeTask(context: BrowserContext, frontendUrl: string, id: string): Promise<void> {
  const response = await context.request.patch(`${frontendUrl}/api/v1/tasks/${id}`, {
    data: { completed: true },
    headers: { origin: frontendUrl },
  });
  assert.equal(response.status(), 200, await response.text());
}

/** One assistant turn outside the page (the reply must be scripted first): it leaves a conversation titled after `message`. */
export async function chatOnce(context: BrowserContext, frontendUrl: string, message: string): Promise<ChatResponse> {
  return post<ChatResponse>(context, frontendUrl, '/api/v1/chat', { message }, 200);
}

/** Signs a new person up through the sign-up form, as a visitor would, and waits for their board. */
export async function signUpInBrowser(page: Page, frontendUrl: string, email: string): Promise<void> {
  await page.goto(`${frontendUrl}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/tasks$/);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
}
