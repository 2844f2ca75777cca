import { buildOpenApiDocument } from '@todo/contracts/openapi';
import cors from 'cors';
import express, { Router, type RequestHandler } from 'express';
import { createAssistantFeature, type AssistantLimits } from './assistant/assistant.feature';
import { createAuthFeature } from './auth/auth.feature';
import type { Config } from './config';
import type { Database } from './db/database';
import { committedMigrationNames } from './db/migrations-folder';
import { createSchemaStatus, readAppliedMigrations } from './db/schema-status';
import { createHealthFeature } from './health/health.routes';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { requestContext } from './http/request-context';
import { installDirectJson, securityHeaders } from './http/fast-paths';
import { rememberMountPath } from './http/route-template';
import type { Lifecycle } from './lifecycle';
import { createLifecycle } from './lifecycle';
import type { Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { createTasksFeature } from './tasks/tasks.feature';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** Defaults to a fresh per-app registry with default process metrics. */
  metrics?: Metrics;
  /** Defaults to an already-started lifecycle (what tests want); `main.ts` passes its own. */
  lifecycle?: Lifecycle;
  /** Tighter assistant limits (tests: short timeouts, no backoff); the defaults otherwise. */
  assistantLimits?: Partial<AssistantLimits>;
  /**
   * Routes mounted under `/api/v1` after every feature, behind the same middleware: tests use it to
   * add a route that crashes or answers slowly. Receives the bearer-token check.
   */
  extraRoutes?: (requireAuth: RequestHandler) => Router;
  version?: string;
}

export interface App extends express.Express {
  locals: express.Express['locals'] & { metrics: Metrics; lifecycle: Lifecycle; fastPaths: boolean };
}

/** Builds the Express app; never listens (see main.ts and server.ts). */
export function createApp(deps: AppDeps): App {
  const { config, database, logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle = deps.lifecycle ?? createLifecycle({ started: true });
  const version = deps.version ?? process.env.APP_VERSION ?? '0.1.0';

  const auth = createAuthFeature({
    prisma: database.prisma,
    jwtSecret: config.jwtSecret,
    jwtExpirationDays: config.jwtExpirationDays,
    rateLimits: config.rateLimits,
  });
  const tasks = createTasksFeature({ sql: database.sql, requireAuth: auth.requireAuth });
  const assistant = createAssistantFeature({
    settings: config.assistant,
    prisma: database.prisma,
    logger,
    registry: metrics.registry,
    requireAuth: auth.requireAuth,
    tasks: tasks.service,
    limits: deps.assistantLimits,
    messagesPerMinute: config.rateLimits.assistantMessagesPerMinute,
  });
  // Readiness holds until the database has every migration this build was made with.
  const schema = createSchemaStatus({ committed: committedMigrationNames(), readApplied: readAppliedMigrations(database.sql) });
  const health = createHealthFeature({ lifecycle, pingDatabase: () => database.ping(), schema, assistant: config.assistant, version });

  const app = express() as App;
  app.locals.metrics = metrics;
  app.locals.lifecycle = lifecycle;
  app.locals.fastPaths = config.fastPaths;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  // No ETag: every API answer is one user's and changes with their writes, no client sends
  // If-None-Match, and Express would hash each body (SHA-1 of a 12 KB task list) to make one.
  app.set('etag', false);
  if (config.fastPaths) installDirectJson(app);

  app.use(requestContext(logger, metrics));
  app.use(securityHeaders({ closeWhile: () => lifecycle.shuttingDown, fast: config.fastPaths }));

  const api = Router();
  api.use(rememberMountPath);
  api.use(cors({ origin: config.frontendUrl, credentials: true, maxAge: 600 }));
  api.use(express.json({ limit: config.bodyLimitBytes }));
  // Built on first request: nothing at start-up should delay readiness.
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  api.get('/openapi.json', (_req, res) => {
    openApiDocument ??= buildOpenApiDocument({ version });
    res.json(openApiDocument);
  });
  // Tasks first: the most requested routes meet no other router's layers on the way (no path is shared).
  for (const feature of [tasks, auth, assistant]) api.use(feature.router);
  if (deps.extraRoutes) api.use(deps.extraRoutes(auth.requireAuth));
  app.use('/api/v1', api);
  // After the API: its requests need not walk past these routes (no path is shared).
  app.use(health.router);
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
