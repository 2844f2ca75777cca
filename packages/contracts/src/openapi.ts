import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorBodySchema } from './errors';
import { healthPaths, healthReportSchema, probeResponseSchema } from './health';
import { API_PREFIX, routes, type RouteDefinition } from './routes';
import { taskListSchema } from './tasks';

/**
 * Named copies of the schemas that become `components/schemas` entries (zod 4 `.meta({ id })`,
 * which zod-to-openapi turns into `$ref`s). Copies, so the shared schemas stay unannotated.
 */
const components = new Map<z.ZodType, z.ZodType>([[taskListSchema, taskListSchema.meta({ id: 'TaskList' })]]);
const errorComponent = errorBodySchema.meta({ id: 'Error' });

type ResponseSpec = { description: string; content?: { 'application/json': { schema: z.ZodType } } };

const json = (schema: z.ZodType) => ({ 'application/json': { schema: components.get(schema) ?? schema } });
const ok = (description: string, schema: z.ZodType): ResponseSpec => ({ description, content: json(schema) });
const failure = (description: string): ResponseSpec => ({ description, content: { 'application/json': { schema: errorComponent } } });

/** What every route may answer, whatever it does. */
const common: Record<number, string> = {
  400: 'The body is not valid JSON (`invalid_json`)',
  413: 'The body is larger than the limit (`payload_too_large`)',
  422: 'The request fails the schema (`validation_failed`, `details` lists every issue)',
  500: 'Unexpected failure (`internal`)',
  503: 'The database is unavailable or the server is shutting down (`service_unavailable`)',
};
const unauthorized = 'Missing, malformed, forged or expired token (`unauthorized`)';

/** `/tasks/:id` -> `/api/v1/tasks/{id}` */
const openApiPath = (path: string) => `${API_PREFIX}${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

function responsesOf(route: RouteDefinition): RouteConfig['responses'] {
  const errors: Record<number, string> = { ...common };
  if (route.auth) errors[401] = unauthorized;
  Object.assign(errors, route.errors);
  const responses: RouteConfig['responses'] = {
    [route.success.status]: route.success.schema
      ? ok(route.success.description, route.success.schema)
      : { description: route.success.description },
  };
  for (const [status, description] of Object.entries(errors)) responses[status] = failure(description);
  return responses;
}

/**
 * Builds the OpenAPI 3.1 document of `/api/v1` from the route table (`routes.ts`), so the document
 * cannot drift from the routes the backend mounts and the client calls. Served by the backend at
 * `GET /api/v1/openapi.json`; paths are absolute from the server root. A subpath export
 * (`@todo/contracts/openapi`) keeps the generator out of the frontend bundle.
 */
export function buildOpenApiDocument(options: { version?: string } = {}) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  for (const route of Object.values(routes) as RouteDefinition[]) {
    registry.registerPath({
      method: route.method,
      path: openApiPath(route.path),
      summary: route.summary,
      ...(route.auth ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query as z.ZodObject } : {}),
        ...(route.body ? { body: { content: json(route.body) } } : {}),
      },
      responses: responsesOf(route),
    });
  }

  // The probes live outside /api/v1 (Kubernetes calls them); the API clients never do.
  for (const [path, summary] of [
    [healthPaths.startup, 'Startup probe: 200 once initialisation finished'],
    [healthPaths.live, 'Liveness probe: 200 while the process can serve'],
    [healthPaths.ready, 'Readiness probe: 200 when the database answers and the schema is current, 503 otherwise or while shutting down'],
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
    path: healthPaths.report,
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
