import { version as expressVersion } from 'express/package.json';
import { createApp, type AppDeps } from './app';
import { ConfigError, loadConfig, secretValues } from './config';
import { createDatabase } from './db/database';
import { checkFastPathRuntime } from './http/fast-paths';
import { startRateLimitPurge } from './http/rate-limit';
import { createLifecycle } from './lifecycle';
import { createLogger } from './observability/logger';
import { startServer, type RunningServer } from './server';

/**
 * The process entry: validates the config, builds the app, listens, and owns the signals. Every
 * way out (SIGTERM, SIGINT, a crash) goes through the same drain-and-close path.
 */
export async function main(options: { onStopped?: () => Promise<void> } = {}): Promise<RunningServer> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const untested = config.fastPaths ? checkFastPathRuntime({ node: process.versions.node, express: expressVersion }) : undefined;
  if (untested) {
    process.stderr.write(`Cannot start: ${untested}\n`);
    process.exit(1);
  }

  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const database = createDatabase(config.databaseUrl);
  const lifecycle = createLifecycle();
  const deps: AppDeps = { config, database, logger, lifecycle };
  const app = createApp(deps);
  const rateLimitPurge = startRateLimitPurge(database.prisma, logger);

  const running = await startServer({
    app,
    lifecycle,
    logger,
    port: config.port,
    drainMs: config.shutdownDrainMs,
    onClosed: async () => {
      rateLimitPurge.stop();
      await database.close();
      await options.onStopped?.();
    },
  });
  lifecycle.markStarted();
  logger.info(
    {
      port: config.port,
      llm: config.assistant.enabled ? config.assistant.model : 'disabled',
      startupMs: Math.round(process.uptime() * 1000),
    },
    'backend ready',
  );

  const stop = (reason: string, exitCode: number) => {
    running.shutdown(reason).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  process.once('SIGINT', () => stop('SIGINT', 0));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    stop('uncaughtException', 1);
  });
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled rejection');
    stop('unhandledRejection', 1);
  });
  return running;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`backend failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
