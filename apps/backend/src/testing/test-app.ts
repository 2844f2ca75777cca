import { Writable } from 'node:stream';
import { createApp, type App, type AppDeps } from '../app';
import { loadConfig, secretValues, type Config } from '../config';
import { createLogger } from '../observability/logger';
import { createTestDatabase, type TestDatabase } from './database';

export const testJwtSecret = 'test-secret-that-is-at-least-32-characters-long';

/** A valid config for tests; `env` overrides or adds variables. */
export function testConfig(env: NodeJS.ProcessEnv = {}, databaseUrl = 'postgresql://unused@127.0.0.1:1/unused'): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: testJwtSecret,
    LOG_LEVEL: 'info',
    LLM_PROVIDER: 'disabled',
    // Suites make many attempts from one address and account; the limit tests set their own.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    LOGIN_ATTEMPTS_PER_ACCOUNT: '1000',
    ASSISTANT_RATE_LIMIT_PER_MINUTE: '1000',
    // The backend-plain Jest project runs the API suite with the fast paths off.
    ...(process.env.FAST_PATHS ? { FAST_PATHS: process.env.FAST_PATHS } : {}),
    ...env,
  });
}

/** Collects the JSON log lines an app writes, for assertions on what is (not) logged. */
export function captureLogs(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines, text };
}

export interface TestApp {
  app: App;
  db: TestDatabase;
  config: Config;
  logs: ReturnType<typeof captureLogs>;
}

/** An app on its own migrated database; call `db.close()` in afterAll. */
export async function createTestApp(
  options: { env?: NodeJS.ProcessEnv; deps?: Partial<AppDeps>; db?: TestDatabase } = {},
): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(options.env, db.url);
  const logs = captureLogs();
  const logger = createLogger({ level: config.logLevel, destination: logs.stream, secrets: secretValues(config) });
  const app = createApp({ config, database: db.database, logger, ...options.deps });
  return { app, db, config, logs };
}
