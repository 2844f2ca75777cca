import { settingsSchema, type LogLevel } from '@todo/contracts/settings';

/** Thrown by `loadConfig`; the message names every bad variable so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The assistant: the LLM provider it talks to and the persona it is given. */
export interface AssistantConfig {
  provider: 'groq' | 'disabled';
  /** True when the provider is groq and a key is present; otherwise `/chat` answers 503. */
  enabled: boolean;
  groqApiKey: string | undefined;
  /** Overrides the SDK's default base URL (tests point it at a scripted local server). */
  groqBaseUrl: string | undefined;
  model: string;
  /** The persona's name in the system prompt. */
  name: string;
  instructions: string;
  maxTokens: number;
  temperature: number;
}

/** The rate limits; their counters live in PostgreSQL (`http/rate-limit.ts`). */
export interface RateLimits {
  authPerClientPerMinute: number;
  loginAttemptsPerAccount: number;
  loginLockoutMinutes: number;
  assistantMessagesPerMinute: number;
}

export interface Config {
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  jwtExpirationDays: number;
  frontendUrl: string;
  logLevel: LogLevel;
  shutdownDrainMs: number;
  rateLimits: RateLimits;
  bodyLimitBytes: number;
  trustProxy: string;
  /** The tricks of http/fast-paths.ts; off with FAST_PATHS=off. */
  fastPaths: boolean;
  assistant: AssistantConfig;
}

/** Parses the environment once at start-up; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    // Name the variable and the rule, never the value: a bad value may be a secret.
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(issues);
  }
  const e = result.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    jwtExpirationDays: e.JWT_EXPIRATION_DAYS,
    frontendUrl: e.FRONTEND_URL,
    logLevel: e.LOG_LEVEL,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    rateLimits: {
      authPerClientPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
      loginAttemptsPerAccount: e.LOGIN_ATTEMPTS_PER_ACCOUNT,
      loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
      assistantMessagesPerMinute: e.ASSISTANT_RATE_LIMIT_PER_MINUTE,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    fastPaths: e.FAST_PATHS === 'on',
    assistant: {
      provider: e.LLM_PROVIDER,
      enabled: e.LLM_PROVIDER === 'groq' && e.GROQ_API_KEY !== undefined,
      groqApiKey: e.GROQ_API_KEY,
      groqBaseUrl: e.GROQ_BASE_URL,
      model: e.GROQ_MODEL,
      name: e.ASSISTANT_NAME,
      instructions: e.ASSISTANT_INSTRUCTIONS,
      maxTokens: e.MAX_TOKENS,
      temperature: e.TEMPERATURE,
    },
  };
}

/** The secret values of a config, for the logger to mask wherever they might appear. */
export function secretValues(config: Config): string[] {
  const values = [config.jwtSecret];
  if (config.assistant.groqApiKey) values.push(config.assistant.groqApiKey);
  const databasePassword = new URL(config.databaseUrl).password;
  if (databasePassword) values.push(decodeURIComponent(databasePassword), databasePassword);
  return values;
}
