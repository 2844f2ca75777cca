import { buildOpenApiDocument } from '@todo/contracts';
import cors from 'cors';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createAuthRouter } from './auth/auth.routes';
import { createAuthService, type AuthService } from './auth/auth.service';
import { createRequireAuth } from './auth/require-auth';
import { createTokenService } from './auth/tokens';
import { createUsersRepository } from './auth/users.repository';
import type { Config } from './config';
import type { Database } from './db/database';
import { createHealthRouter } from './health/health.routes';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { recordDuration, requestContext } from './http/request-context';
import { rememberMountPath } from './http/route-template';
import type { Lifecycle } from './lifecycle';
import { createLifecycle } from './lifecycle';
import type { Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { createTasksRepository } from './tasks/tasks.repository';
import { createTasksRouter } from './tasks/tasks.routes';
import { createTasksService, type TasksService } from './tasks/tasks.service';

/** What a feature mounted from outside (the assistant's chat router) gets to build itself. */
export interface FeatureContext {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  auth: AuthService;
  /** Sets `res.locals.user` (read it with `currentUser(res)`) or answers 401. */
  requireAuth: RequestHandler;
  tasks: TasksService;
}

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** Defaults to a fresh per-app registry with default process metrics. */
  metrics?: Metrics;
  /** Defaults to an already-started lifecycle (what tests want); `main.ts` passes its own. */
  lifecycle?: Lifecycle;
  /**
   * Extra routers mounted under `/api/v1`, after auth and tasks, e.g. the assistant's
   * `(ctx) => createAssistantRouter(ctx)` serving `/chat` and `/conversations`.
   */
  features?: ReadonlyArray<(ctx: FeatureContext) => Router>;
  version?: string;
}

export interface App extends express.Express {
  locals: express.Express['locals'] & { metrics: Metrics; lifecycle: Lifecycle; context: FeatureContext };
}

/** Builds the Express app; never listens (see main.ts and server.ts). */
export function createApp(deps: AppDeps): App {
  const { config, database, logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle = deps.lifecycle ?? createLifecycle({ started: true });
  const version = deps.version ?? process.env.APP_VERSION ?? '0.1.0';

  const auth = createAuthService(
    createUsersRepository(database.prisma),
    createTokenService({ secret: config.jwtSecret, expirationDays: config.jwtExpirationDays }),
  );
  const requireAuth = createRequireAuth(auth);
  const tasks = createTasksService(createTasksRepository(database.prisma));
  const context: FeatureContext = { config, database, logger, metrics, auth, requireAuth, tasks };

  const app = express() as App;
  app.locals.metrics = metrics;
  app.locals.lifecycle = lifecycle;
  app.locals.context = context;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(recordDuration(metrics));
  app.use(requestContext(logger));
  app.use((_req, res, next) => {
    // While draining, ask keep-alive clients to reconnect (to another pod) after this response.
    if (lifecycle.shuttingDown) res.setHeader('connection', 'close');
    next();
  });
  app.use(helmet());

  app.use(
    createHealthRouter({
      lifecycle,
      pingDatabase: () => database.ping(),
      assistant: config.assistant,
      version,
    }),
  );
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

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
  api.use(createAuthRouter({ auth, requireAuth, rateLimitPerMinute: config.authRateLimitPerMinute }));
  api.use(createTasksRouter({ tasks, requireAuth }));
  for (const feature of deps.features ?? []) api.use(feature(context));
  app.use('/api/v1', api);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
