import { randomUUID } from 'node:crypto';
import type { AuthResponse, CreateTaskRequest, TaskResponse } from '@todo/contracts';

/** Calls the API and returns the parsed JSON; any status other than `expected` is an error. */
export async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; expected?: number } = {},
): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== (options.expected ?? 200)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Signs up a fresh user and returns its id and token. */
export async function signUp(baseUrl: string): Promise<{ userId: string; token: string }> {
  const { user, token } = await call<AuthResponse>(baseUrl, 'POST', '/api/v1/auth/signup', {
    body: { email: `bench-${randomUUID()}@example.com`, password: 'correct horse battery staple' },
    expected: 201,
  });
  return { userId: user.id, token };
}

export async function createTask(baseUrl: string, token: string, body: CreateTaskRequest) {
  return (await call<TaskResponse>(baseUrl, 'POST', '/api/v1/tasks', { token, body, expected: 201 })).task;
}

/** Creates `count` tasks with varied fields, so list responses carry realistic JSON. */
export async function seedTasks(baseUrl: string, token: string, count: number): Promise<void> {
  const priorities = ['low', 'medium', 'high'] as const;
  for (let i = 0; i < count; i += 1) {
    await createTask(baseUrl, token, {
      title: `Bench task ${i + 1}`,
      description: i % 2 === 0 ? `Notes for task ${i + 1}: call the supplier, check the invoice` : null,
      priority: priorities[i % 3],
      dueDate: i % 3 === 0 ? new Date(Date.UTC(2027, 0, 1 + i)).toISOString() : null,
    });
  }
}
