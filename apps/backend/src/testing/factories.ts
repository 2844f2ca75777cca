/**
 * Factories for API tests that own their data: each test signs up its own user and creates its
 * own tasks through the real API, so no test depends on another having run (or not run).
 */
import { randomUUID } from 'node:crypto';
import type { AuthResponse, CreateTaskRequest, Task, TaskResponse } from '@todo/contracts';
import request from 'supertest';
import type { App } from '../app';

export const testPassword = 'correct horse battery';

export interface TestUser {
  token: string;
  userId: string;
  email: string;
  /** The request headers that authenticate as this user. */
  auth: { authorization: string };
}

/** An email no other test uses: a test file's users share one database schema. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID()}@example.com`;
}

/** Signs up a new user through the API. */
export async function newUser(app: App, email = uniqueEmail()): Promise<TestUser> {
  const response = await request(app).post('/api/v1/auth/signup').send({ email, password: testPassword });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as AuthResponse;
  return { token: body.token, userId: body.user.id, email: body.user.email, auth: { authorization: `Bearer ${body.token}` } };
}

/** Creates a task for `user` through the API. */
export async function newTask(app: App, user: Pick<TestUser, 'auth'>, input: CreateTaskRequest = { title: 'A task' }): Promise<Task> {
  const response = await request(app).post('/api/v1/tasks').set(user.auth).send(input);
  if (response.status !== 201) throw new Error(`task creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as TaskResponse).task;
}
