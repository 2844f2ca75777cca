import {
  routePath,
  routes,
  type ChangePasswordRequest,
  type ChatRequest,
  type ChatStreamEvent,
  type CreateTaskRequest,
  type DeleteAccountRequest,
  type ListTasksQuery,
  type RouteDefinition,
  type RouteInput,
  type RouteResponse,
  type Task,
  type UpdateTaskRequest,
} from '@todo/contracts';
import { streamChat } from './chat-stream';
import { fetchOk, readJson } from './fetch-ok';

/** Anything with zod's `parse`: keeps this module free of a direct zod dependency. */
export interface Parser<T> {
  parse(data: unknown): T;
}

export interface ApiClientOptions {
  /** Base URL including `/api/v1`: the backend's on the server, `/api/v1` (same origin) in the browser. */
  baseUrl: string;
  /** Bearer token; only the frontend server holds it. */
  token?: string;
  requestId?: string;
  fetchImpl?: typeof fetch;
}

/** Turns a list query into a query string, dropping unset values; keys are sorted so URLs are stable. */
export function toQueryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (typeof value === 'string' ? value !== '' : typeof value === 'number') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** One JSON call with the contract's error handling: non-2xx becomes an ApiError, 2xx is parsed. */
export async function requestJson<T>(
  options: ApiClientOptions,
  method: string,
  path: string,
  parser: Parser<T> | null,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.requestId) headers['x-request-id'] = options.requestId;

  const response = await fetchOk(options, path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await readJson(response);
  return (parser ? parser.parse(json) : undefined) as T;
}

/** Calls one route of the contract's table: its method, its path with the params filled, its query, its body. */
export function callRoute<R extends RouteDefinition>(options: ApiClientOptions, route: R, input: RouteInput<R>): Promise<RouteResponse<R>> {
  const { params, query, body } = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  const path = `${routePath(route, params)}${query ? toQueryString(query) : ''}`;
  return requestJson(options, route.method.toUpperCase(), path, route.success.schema as Parser<RouteResponse<R>> | null, body);
}

/** The one typed client of the API contract, used by server components and by the browser alike. */
export function createApiClient(options: ApiClientOptions) {
  return {
    me: () => callRoute(options, routes.me, {}),
    changePassword: (input: ChangePasswordRequest): Promise<void> => callRoute(options, routes.changePassword, { body: input }),
    deleteAccount: (input: DeleteAccountRequest): Promise<void> => callRoute(options, routes.deleteMe, { body: input }),
    listTasks: (query: ListTasksQuery = {}) => callRoute(options, routes.listTasks, { query }),
    createTask: async (input: CreateTaskRequest): Promise<Task> => (await callRoute(options, routes.createTask, { body: input })).task,
    updateTask: async (id: string, patch: UpdateTaskRequest): Promise<Task> =>
      (await callRoute(options, routes.updateTask, { params: { id }, body: patch })).task,
    deleteTask: (id: string): Promise<void> => callRoute(options, routes.deleteTask, { params: { id } }),
    listConversations: () => callRoute(options, routes.listConversations, {}),
    listMessages: (conversationId: string) => callRoute(options, routes.listMessages, { params: { id: conversationId } }),
    undoToolCall: (conversationId: string, toolCallId: string) =>
      callRoute(options, routes.undoToolCall, { params: { id: conversationId, toolCallId } }),
    streamChat: (input: ChatRequest, onEvent: (event: ChatStreamEvent) => void, signal?: AbortSignal) =>
      streamChat(options, input, onEvent, signal),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
