/**
 * What the browser suite does on the board and reads back from it: add a task through the form,
 * wait for the server to confirm every optimistic change, the titles in the order shown, and the
 * signed-in person's tasks as the API holds them.
 */
import type { Page } from 'playwright-core';

export interface StoredTask {
  id: string;
  title: string;
  completed: boolean;
}

export async function addTask(page: Page, title: string, priority?: 'low' | 'medium' | 'high'): Promise<void> {
  await page.getByLabel('New task').fill(title);
  if (priority) await page.getByRole('combobox', { name: 'Priority', exact: true }).selectOption(priority);
  await page.getByRole('button', { name: 'Add task' }).click();
  // Confirmed by the server once the optimistic "Saving…" marker is gone.
  await page.getByRole('checkbox', { name: `Mark “${title}” as done` }).waitFor();
  await settled(page);
}

/** Every optimistic change has been confirmed (or rolled back) by the server. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.task-pending').length === 0);
}

export async function boardTitles(page: Page): Promise<string[]> {
  return page.locator('.task-list .task-title').allInnerTexts();
}

/** The signed-in person's tasks, straight from the API through the frontend's proxy. */
export async function apiTasks(page: Page): Promise<StoredTask[]> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/tasks?limit=100');
    return ((await response.json()) as { items: StoredTask[] }).items;
  });
}
