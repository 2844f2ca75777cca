import { z } from 'zod';
import {
  authResponseSchema,
  changePasswordRequestSchema,
  deleteAccountRequestSchema,
  loginRequestSchema,
  meResponseSchema,
  signupRequestSchema,
} from './auth';
import {
  chatRequestSchema,
  chatResponseSchema,
  conversationIdSchema,
  conversationListSchema,
  messageListSchema,
  undoResponseSchema,
} from './assistant';
import {
  createTaskRequestSchema,
  listTasksQuerySchema,
  taskIdSchema,
  taskListSchema,
  taskResponseSchema,
  updateTaskRequestSchema,
} from './tasks';

/** Every route below lives under this prefix. */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/**
 * One route of the API: what the backend mounts, the frontend calls and the OpenAPI document
 * describes. `path` uses Express's `:param` segments and is relative to `API_PREFIX`.
 */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  /** True when the route needs `Authorization: Bearer <token>` (401 otherwise). */
  readonly auth: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The success answer; `schema: null` when it has no body (204). */
  readonly success: { readonly status: 200 | 201 | 204; readonly description: string; readonly schema: z.ZodType | null };
  /** Statuses this route answers beyond the ones every route shares, with what each means. */
  readonly errors?: Readonly<Record<number, string>>;
}

const taskParams = z.object({ id: taskIdSchema });
const conversationParams = z.object({ id: conversationIdSchema });
const noSuchTask = 'No such task for this user (`not_found`)';
const noSuchConversation = 'No such conversation for this user (`not_found`)';
const tooManyAttempts = 'Too many attempts (`rate_limited`, `Retry-After` says when to retry)';

/** The API contract: every route of `/api/v1`, by name. */
export const routes = {
  signup: {
    method: 'post',
    path: '/auth/signup',
    summary: 'Create an account and get a token',
    auth: false,
    body: signupRequestSchema,
    success: { status: 201, description: 'Account created', schema: authResponseSchema },
    errors: { 409: 'The email is already registered (`conflict`)', 429: tooManyAttempts },
  },
  login: {
    method: 'post',
    path: '/auth/login',
    summary: 'Exchange email and password for a token',
    auth: false,
    body: loginRequestSchema,
    success: { status: 200, description: 'Logged in', schema: authResponseSchema },
    errors: { 401: 'Wrong email or password (`unauthorized`)', 429: tooManyAttempts },
  },
  logout: {
    method: 'post',
    path: '/auth/logout',
    summary: "End the token's session: the token is refused from then on",
    auth: true,
    success: { status: 204, description: 'Logged out', schema: null },
  },
  changePassword: {
    method: 'post',
    path: '/auth/password',
    summary: 'Change the password (current and new); every other session of the user ends, this one stays',
    auth: true,
    body: changePasswordRequestSchema,
    success: { status: 204, description: 'Password changed', schema: null },
    errors: { 403: 'The current password is not correct (`forbidden`)', 429: tooManyAttempts },
  },
  me: {
    method: 'get',
    path: '/auth/me',
    summary: 'The user the token belongs to',
    auth: true,
    success: { status: 200, description: 'The current user', schema: meResponseSchema },
  },
  deleteMe: {
    method: 'delete',
    path: '/auth/me',
    summary:
      "Delete the token's account and everything it owns (tasks, conversations and their messages, sessions), given the current password; the token is refused from then on",
    auth: true,
    body: deleteAccountRequestSchema,
    success: { status: 204, description: 'Account deleted', schema: null },
    errors: { 403: 'The current password is not correct (`forbidden`)', 429: tooManyAttempts },
  },
  listTasks: {
    method: 'get',
    path: '/tasks',
    summary: 'List tasks: filter, sort, cursor pagination',
    auth: true,
    query: listTasksQuerySchema,
    success: { status: 200, description: 'One page of tasks', schema: taskListSchema },
  },
  createTask: {
    method: 'post',
    path: '/tasks',
    summary: 'Create a task',
    auth: true,
    body: createTaskRequestSchema,
    success: { status: 201, description: 'The created task', schema: taskResponseSchema },
  },
  getTask: {
    method: 'get',
    path: '/tasks/:id',
    summary: 'Get one task',
    auth: true,
    params: taskParams,
    success: { status: 200, description: 'The task', schema: taskResponseSchema },
    errors: { 404: noSuchTask },
  },
  updateTask: {
    method: 'patch',
    path: '/tasks/:id',
    summary: 'Change some fields of a task',
    auth: true,
    params: taskParams,
    body: updateTaskRequestSchema,
    success: { status: 200, description: 'The updated task', schema: taskResponseSchema },
    errors: { 404: noSuchTask },
  },
  deleteTask: {
    method: 'delete',
    path: '/tasks/:id',
    summary: 'Delete a task',
    auth: true,
    params: taskParams,
    success: { status: 204, description: 'Deleted', schema: null },
    errors: { 404: noSuchTask },
  },
  chat: {
    method: 'post',
    path: '/chat',
    summary: 'Send a message to the assistant; it may call task tools (JSON, or server-sent events with `Accept: text/event-stream`)',
    auth: true,
    body: chatRequestSchema,
    success: { status: 200, description: 'The assistant reply and the tools it ran', schema: chatResponseSchema },
    errors: {
      404: noSuchConversation,
      429: 'Too many messages this minute for this user (`rate_limited`, `Retry-After` says when to retry)',
      502: 'The LLM provider answered with an unusable response (`llm_bad_gateway`)',
      503: 'The assistant is not configured or its provider is down (`llm_unavailable`)',
      504: 'The LLM provider did not answer in time (`llm_timeout`)',
    },
  },
  listConversations: {
    method: 'get',
    path: '/conversations',
    summary: "The user's conversations, most recent first",
    auth: true,
    success: { status: 200, description: 'Conversations', schema: conversationListSchema },
  },
  listMessages: {
    method: 'get',
    path: '/conversations/:id/messages',
    summary: 'The messages of one conversation, oldest first',
    auth: true,
    params: conversationParams,
    success: { status: 200, description: 'Messages', schema: messageListSchema },
    errors: { 404: noSuchConversation },
  },
  undoToolCall: {
    method: 'post',
    path: '/conversations/:id/tool-calls/:toolCallId/undo',
    summary:
      'Reverse one task change the assistant made (add, update, complete, delete); a second undo changes nothing and answers the same',
    auth: true,
    params: z.object({ id: conversationIdSchema, toolCallId: z.string() }),
    success: { status: 200, description: 'What was reversed', schema: undoResponseSchema },
    errors: {
      404: 'No such tool call in this conversation for this user, or it is past the undo retention (`not_found`)',
      409: 'The task changed after the action (`conflict`; `details.changed` names the fields, or `deleted`)',
    },
  },
} as const satisfies Record<string, RouteDefinition>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** The parsed success body of a route (`undefined` for 204). */
export type RouteResponse<R extends RouteDefinition> = R['success']['schema'] extends z.ZodType
  ? z.output<R['success']['schema']>
  : undefined;

/** What a caller passes: the path parameters, the query and the body the route declares. */
export type RouteInput<R extends RouteDefinition> = (R['params'] extends z.ZodObject
  ? { params: z.input<R['params']> }
  : { params?: never }) &
  (R['query'] extends z.ZodType ? { query?: z.input<R['query']> } : { query?: never }) &
  (R['body'] extends z.ZodType ? { body: z.input<R['body']> } : { body?: never });

/**
 * The route's path with its `:param` segments filled in (URI-encoded), relative to `API_PREFIX`.
 * Throws when a parameter is missing: a URL with a literal `:id` would reach another route.
 */
export function routePath(route: Pick<RouteDefinition, 'path'>, params: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_segment, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: missing path parameter "${name}"`);
    return encodeURIComponent(value);
  });
}
