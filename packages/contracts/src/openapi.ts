import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { authResponseSchema, loginRequestSchema, meResponseSchema, signupRequestSchema } from './auth';
import {
  chatRequestSchema,
  chatResponseSchema,
  conversationIdSchema,
  conversationListSchema,
  messageListSchema,
} from './assistant';
import { errorBodySchema } from './errors';
import { healthReportSchema, probeResponseSchema } from './health';
import {
  createTaskRequestSchema,
  listTasksQuerySchema,
  taskIdSchema,
  taskListSchema,
  taskResponseSchema,
  updateTaskRequestSchema,
} from './tasks';

/**
 * Named copies of the schemas that become `components/schemas` entries (zod 4 `.meta({ id })`,
 * which zod-to-openapi turns into `$ref`s). Copies, so the shared schemas stay unannotated.
 */
const components = {
  error: errorBodySchema.meta({ id: 'Error' }),
  taskList: taskListSchema.meta({ id: 'TaskList' }),
};

type ResponseSpec = { description: string; content?: { 'application/json': { schema: z.ZodType } } };

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const ok = (description: string, schema: z.ZodType): ResponseSpec => ({ description, content: json(schema) });
const failure = (description: string): ResponseSpec => ({ description, content: json(components.error) });

const common = {
  400: failure('The body is not valid JSON (`invalid_json`)'),
  413: failure('The body is larger than the limit (`payload_too_large`)'),
  422: failure('The request fails the schema (`validation_failed`, `details` lists every issue)'),
  500: failure('Unexpected failure (`internal`)'),
  503: failure('The database is unavailable or the server is shutting down (`service_unavailable`)'),
};
const authed = { ...common, 401: failure('Missing, malformed, forged or expired token (`unauthorized`)') };

/**
 * Builds the OpenAPI 3.1 document of `/api/v1` from the same zod schemas the backend validates with,
 * so the document cannot drift from the implementation. Served by the backend at
 * `GET /api/v1/openapi.json`; paths are absolute from the server root.
 */
export function buildOpenApiDocument(options: { version?: string } = {}) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const security = [{ [bearer.name]: [] }];

  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/signup',
    summary: 'Create an account and get a token',
    request: { body: { content: json(signupRequestSchema) } },
    responses: {
      201: ok('Account created', authResponseSchema),
      409: failure('The email is already registered (`conflict`)'),
      429: failure('Too many attempts from this address (`rate_limited`)'),
      ...common,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Exchange email and password for a token',
    request: { body: { content: json(loginRequestSchema) } },
    responses: {
      200: ok('Logged in', authResponseSchema),
      401: failure('Wrong email or password (`unauthorized`)'),
      429: failure('Too many attempts from this address (`rate_limited`)'),
      ...common,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/auth/me',
    summary: 'The user the token belongs to',
    security,
    responses: { 200: ok('The current user', meResponseSchema), ...authed },
  });

  const taskParams = z.object({ id: taskIdSchema });
  const notFound = failure('No such task for this user (`not_found`)');
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tasks',
    summary: 'List tasks: filter, sort, cursor pagination',
    security,
    request: { query: listTasksQuerySchema },
    responses: { 200: ok('One page of tasks', components.taskList), ...authed },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/tasks',
    summary: 'Create a task',
    security,
    request: { body: { content: json(createTaskRequestSchema) } },
    responses: { 201: ok('The created task', taskResponseSchema), ...authed },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tasks/{id}',
    summary: 'Get one task',
    security,
    request: { params: taskParams },
    responses: { 200: ok('The task', taskResponseSchema), 404: notFound, ...authed },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/v1/tasks/{id}',
    summary: 'Change some fields of a task',
    security,
    request: { params: taskParams, body: { content: json(updateTaskRequestSchema) } },
    responses: { 200: ok('The updated task', taskResponseSchema), 404: notFound, ...authed },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/tasks/{id}',
    summary: 'Delete a task',
    security,
    request: { params: taskParams },
    responses: { 204: { description: 'Deleted' }, 404: notFound, ...authed },
  });

  registry.registerPath({
    method: 'post',
    path: '/api/v1/chat',
    summary: 'Send a message to the assistant; it may call task tools',
    security,
    request: { body: { content: json(chatRequestSchema) } },
    responses: {
      200: ok('The assistant reply and the tools it ran', chatResponseSchema),
      404: failure('No such conversation for this user (`not_found`)'),
      502: failure('The LLM provider answered with an unusable response (`llm_bad_gateway`)'),
      504: failure('The LLM provider did not answer in time (`llm_timeout`)'),
      ...authed,
      503: failure('The assistant is not configured or its provider is down (`llm_unavailable`)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/conversations',
    summary: "The user's conversations, most recent first",
    security,
    responses: { 200: ok('Conversations', conversationListSchema), ...authed },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/conversations/{id}/messages',
    summary: 'The messages of one conversation, oldest first',
    security,
    request: { params: z.object({ id: conversationIdSchema }) },
    responses: {
      200: ok('Messages', messageListSchema),
      404: failure('No such conversation for this user (`not_found`)'),
      ...authed,
    },
  });

  // The probes live outside /api/v1 (Kubernetes calls them); the API clients never do.
  for (const [path, summary] of [
    ['/health/startup', 'Startup probe: 200 once initialisation finished'],
    ['/health/live', 'Liveness probe: 200 while the process can serve'],
    ['/health/ready', 'Readiness probe: 200 when the database answers, 503 otherwise or while shutting down'],
  ] as const) {
    registry.registerPath({
      method: 'get',
      path,
      summary,
      responses: { 200: ok('Ready', probeResponseSchema), 503: ok('Not ready', probeResponseSchema) },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'Every check with its status and latency',
    responses: { 200: ok('Healthy or degraded', healthReportSchema), 503: ok('Unhealthy', healthReportSchema) },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Todo API',
      version: options.version ?? '0.1.0',
      description: 'Tasks and the AI assistant. Every error body is `{ error: { code, message, details? } }`.',
    },
  });
}
