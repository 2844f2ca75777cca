import {
  API_PREFIX,
  errorBodySchema,
  frontendHealthPath,
  meResponseSchema,
  routePath,
  routes,
  taskListSchema,
  taskResponseSchema,
  type DeleteAccountRequest,
  type RouteDefinition,
} from '@todo/contracts';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { describeResponse, type FrontDoor, type FrontDoorResponse } from './front-door';

/**
 * The smoke test of a running release, as steps through its front door only: the frontend's health
 * route, a throwaway user signed up through the BFF, one task created, listed, completed and deleted
 * through the BFF's `/api/v1` proxy, the backend not answering on any address from outside, and the
 * throwaway user deleted (with everything it owned) at the end, whatever happened before.
 */

/**
 * The frontend's own session route (not part of the backend's API contract): it calls the backend's
 * signup route and keeps the token in an httpOnly cookie (apps/frontend/src/app/api/session/[mode]).
 */
export const SESSION_SIGNUP_PATH = '/api/session/signup';

export class SmokeStepError extends Error {}

export interface SmokeState {
  email?: string;
  /** The throwaway user's password: deleting the account asks for it. Never printed. */
  password?: string;
  userId?: string;
  taskId?: string;
}

export interface SmokeContext {
  frontDoor: FrontDoor;
  /**
   * Addresses from which the backend must NOT answer (e.g. `http://<frontend host>:8000`): each is
   * asked for an API route directly; only a refusal, a timeout or a non-API answer passes.
   */
  backendProbes: readonly string[];
  /** Per-request timeout of the probes, in milliseconds. */
  probeTimeoutMs: number;
  state: SmokeState;
}

export interface SmokeStep {
  name: string;
  /** Runs even after an earlier step failed (cleanup); skipped only when it has nothing to clean. */
  cleanup?: boolean;
  /** Returns a short detail for the report line; throws SmokeStepError (or any error) to fail. */
  run(ctx: SmokeContext): Promise<string>;
}

const api = (route: Pick<RouteDefinition, 'path'>, params?: Record<string, string>) => `${API_PREFIX}${routePath(route, params)}`;

function expectStatus(response: FrontDoorResponse, expected: number, what: string): void {
  if (response.status !== expected) {
    throw new SmokeStepError(`${what} answered ${describeResponse(response)} (expected ${expected})`);
  }
}

function expectBody<T extends z.ZodType>(schema: T, response: FrontDoorResponse, what: string): z.output<T> {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new SmokeStepError(`${what} answered a body that does not match the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function need<K extends keyof SmokeState>(ctx: SmokeContext, key: K): NonNullable<SmokeState[K]> {
  const value = ctx.state[key];
  if (value === undefined) throw new SmokeStepError(`no ${key} from an earlier step`);
  return value;
}

/** A throwaway account that cannot collide with a real one or with a parallel smoke run. */
export function throwawayCredentials(now: Date = new Date()): { email: string; password: string } {
  const stamp = now
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14);
  return { email: `smoke-${stamp}-${randomBytes(4).toString('hex')}@example.com`, password: randomBytes(18).toString('base64url') };
}

/**
 * Whether `baseUrl` answers the backend's API directly. `GET /api/v1/auth/me` without a token is
 * the backend's 401 in the API's error shape; a refused connection, a timeout or any other answer
 * (an ingress controller's 404 page, another server) means the API is not reachable there.
 */
export async function probeBackend(baseUrl: string, timeoutMs: number): Promise<{ reachable: boolean; detail: string }> {
  const url = `${baseUrl.replace(/\/+$/, '')}${api(routes.me)}`;
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { reachable: false, detail: `${baseUrl}: ${cause === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : cause}` };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const isApi = errorBodySchema.safeParse(body).success;
  return isApi
    ? { reachable: true, detail: `${url} answered ${response.status} from the API` }
    : { reachable: false, detail: `${baseUrl}: ${response.status}, not the API` };
}

export const smokeSteps: readonly SmokeStep[] = [
  {
    name: 'frontend health',
    async run({ frontDoor }) {
      const response = await frontDoor.request('GET', frontendHealthPath);
      expectStatus(response, 200, `GET ${frontendHealthPath}`);
      return `GET ${frontendHealthPath} 200`;
    },
  },
  {
    name: 'sign up',
    async run(ctx) {
      const credentials = throwawayCredentials();
      const response = await ctx.frontDoor.request('POST', SESSION_SIGNUP_PATH, credentials);
      expectStatus(response, 201, `POST ${SESSION_SIGNUP_PATH}`);
      const { user } = expectBody(meResponseSchema, response, `POST ${SESSION_SIGNUP_PATH}`);
      ctx.state.email = user.email;
      ctx.state.password = credentials.password;
      ctx.state.userId = user.id;
      if (ctx.frontDoor.cookieNames().length === 0) throw new SmokeStepError('sign-up set no session cookie');
      return user.email;
    },
  },
  {
    name: 'create task',
    async run(ctx) {
      need(ctx, 'userId');
      const path = api(routes.createTask);
      const response = await ctx.frontDoor.request('POST', path, { title: 'smoke test task', priority: 'high' });
      expectStatus(response, 201, `POST ${path}`);
      const { task } = expectBody(taskResponseSchema, response, `POST ${path}`);
      if (task.title !== 'smoke test task' || task.completed) throw new SmokeStepError(`created task is ${JSON.stringify(task)}`);
      ctx.state.taskId = task.id;
      return `POST ${path} 201`;
    },
  },
  {
    name: 'list tasks',
    async run(ctx) {
      const taskId = need(ctx, 'taskId');
      const path = api(routes.listTasks);
      const response = await ctx.frontDoor.request('GET', path);
      expectStatus(response, 200, `GET ${path}`);
      const { items } = expectBody(taskListSchema, response, `GET ${path}`);
      const ids = items.map((task) => task.id);
      if (ids.length !== 1 || ids[0] !== taskId) {
        throw new SmokeStepError(`GET ${path} listed ${JSON.stringify(ids)}, expected exactly the new task ${taskId}`);
      }
      return `GET ${path} 200, 1 task`;
    },
  },
  {
    name: 'complete task',
    async run(ctx) {
      const path = api(routes.updateTask, { id: need(ctx, 'taskId') });
      const response = await ctx.frontDoor.request('PATCH', path, { completed: true });
      expectStatus(response, 200, `PATCH ${path}`);
      const { task } = expectBody(taskResponseSchema, response, `PATCH ${path}`);
      if (!task.completed) throw new SmokeStepError(`PATCH ${path} answered completed: false`);
      return `PATCH ${routes.updateTask.path} 200`;
    },
  },
  {
    name: 'delete task',
    async run(ctx) {
      const path = api(routes.deleteTask, { id: need(ctx, 'taskId') });
      expectStatus(await ctx.frontDoor.request('DELETE', path), 204, `DELETE ${path}`);
      expectStatus(await ctx.frontDoor.request('GET', path), 404, `GET ${path} after the delete`);
      return `DELETE ${routes.deleteTask.path} 204, then GET 404`;
    },
  },
  {
    name: 'backend not exposed',
    async run({ backendProbes, probeTimeoutMs }) {
      if (backendProbes.length === 0) return 'no address to probe';
      const results = await Promise.all(backendProbes.map((probe) => probeBackend(probe, probeTimeoutMs)));
      const reachable = results.filter((result) => result.reachable);
      if (reachable.length > 0) {
        throw new SmokeStepError(`the backend's API is reachable without the frontend: ${reachable.map((r) => r.detail).join('; ')}`);
      }
      return results.map((result) => result.detail).join('; ');
    },
  },
  {
    name: 'delete throwaway user',
    cleanup: true,
    async run(ctx) {
      if (ctx.state.userId === undefined) return 'nothing to delete';
      const path = api(routes.deleteMe);
      const body: DeleteAccountRequest = { currentPassword: ctx.state.password ?? '' };
      expectStatus(await ctx.frontDoor.request('DELETE', path, body), 204, `DELETE ${path}`);
      expectStatus(await ctx.frontDoor.request('GET', api(routes.me)), 401, `GET ${api(routes.me)} after the delete`);
      const email = ctx.state.email;
      ctx.state.userId = undefined;
      return `${email} and its data deleted`;
    },
  },
];
