/**
 * Test helpers for the assistant's HTTP tests: an app wired to a test database and a scripted LLM
 * server, users signed up through the real API, and captured logs (to prove the key never leaks).
 */
import type { AuthResponse } from '@todo/contracts';
import request from 'supertest';
import { createApp, type App } from '../../app';
import { loadConfig } from '../../config';
import type { Database } from '../../db/database';
import { createLogger } from '../../observability/logger';
import { createMetrics } from '../../observability/metrics';
import type { AssistantLimits } from '../assistant.feature';

export const testGroqApiKey = 'gsk_test_key_that_must_never_leak_0123456789';

/** Fast limits for tests: short timeout, near-zero backoff. */
export const testAssistantLimits: Partial<AssistantLimits> = {
  requestTimeoutMs: 2_000,
  initialBackoffMs: 1,
  maxBackoffMs: 1_000,
};

export interface AssistantTestApp {
  app: App;
  /** Every log line the app wrote, as text. */
  logs: string[];
}

export function buildAssistantApp(options: {
  database: Database;
  databaseUrl: string;
  llmUrl: string;
  env?: Record<string, string | undefined>;
  limits?: Partial<AssistantLimits>;
}): AssistantTestApp {
  const logs: string[] = [];
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    LLM_PROVIDER: 'groq',
    GROQ_API_KEY: testGroqApiKey,
    GROQ_BASE_URL: options.llmUrl,
    GROQ_MODEL: 'test-model',
    ASSISTANT_NAME: 'Test Assistant',
    ASSISTANT_INSTRUCTIONS: 'Help with tasks.',
    MAX_TOKENS: '300',
    TEMPERATURE: '0.1',
    LOG_LEVEL: 'debug',
    // Suites sign up many users and send many messages a minute from one address; the limits have
    // their own tests (the counters live in the database, so they outlive each app).
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    ASSISTANT_RATE_LIMIT_PER_MINUTE: '1000',
    ...options.env,
  });
  const app = createApp({
    config,
    database: options.database,
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } }),
    metrics: createMetrics({ defaultMetrics: false }),
    assistantLimits: { ...testAssistantLimits, ...options.limits },
  });
  return { app, logs };
}

export async function signUp(app: App, email: string): Promise<{ token: string; userId: string }> {
  const response = await request(app).post('/api/v1/auth/signup').send({ email, password: 'correct horse battery' });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as AuthResponse;
  return { token: body.token, userId: body.user.id };
}
