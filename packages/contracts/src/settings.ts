import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** Empty strings count as unset: Kubernetes and shells often pass `FOO=` for "no value". */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/**
 * Every environment variable the backend reads, with its rule and default: the one owner of the
 * runtime settings. It is a contract because two sides read it: the backend parses its environment
 * with it (apps/backend/src/config.ts), and the Pulumi program derives the stack's defaults and the
 * ConfigMap from it (infra/config.ts), so neither can differ from what the backend does on a laptop.
 */
export const settingsSchema = z.object({
  PORT: integer(0, 65535).default(8000),
  DATABASE_URL: z
    .string({ error: 'is required (postgresql://user:password@host:5432/db)' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  JWT_SECRET: z.string({ error: 'is required (at least 32 characters)' }).min(32, 'must be at least 32 characters'),
  JWT_EXPIRATION_DAYS: integer(1, 365).default(7),
  FRONTEND_URL: z.url().default('http://localhost:3000'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** How long the server keeps serving after SIGTERM while readiness reports 503 (matches preStop). */
  SHUTDOWN_DRAIN_MS: integer(0, 25_000).default(5000),
  /** Signup + login attempts allowed per client address per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: integer(1, 10_000).default(20),
  /** Login attempts allowed per account (email) per lockout window; a successful login clears them. */
  LOGIN_ATTEMPTS_PER_ACCOUNT: integer(1, 10_000).default(10),
  /** The per-account window: past the attempts above, the account answers 429 until it ends. */
  LOGIN_LOCKOUT_MINUTES: integer(1, 24 * 60).default(15),
  /** Assistant messages (`POST /chat`, each one or more paid LLM requests) per user per minute. */
  ASSISTANT_RATE_LIMIT_PER_MINUTE: integer(1, 10_000).default(10),
  /** Largest JSON body accepted, in bytes; larger bodies get 413. */
  BODY_LIMIT_BYTES: integer(1024, 10 * 1024 * 1024).default(100 * 1024),
  /** `off` turns off every trick on Express's and Node's internals (http/fast-paths.ts). */
  FAST_PATHS: z.enum(['on', 'off']).default('on'),
  /** Express `trust proxy`: the frontend BFF in the cluster forwards the client address. */
  TRUST_PROXY: z.string().default('loopback, linklocal, uniquelocal'),
  LLM_PROVIDER: z.enum(['groq', 'disabled']).default('groq'),
  GROQ_API_KEY: optionalString,
  GROQ_BASE_URL: optionalString.pipe(z.url().optional()),
  GROQ_MODEL: z.string().min(1).default('llama-3.3-70b-versatile'),
  ASSISTANT_NAME: z.string().min(1).max(100).default('Todo Assistant'),
  ASSISTANT_INSTRUCTIONS: z
    .string()
    .min(1)
    .default('You help the user manage their todo list. Use the tools to read and change tasks; keep answers short.'),
  MAX_TOKENS: integer(1, 32_768).default(1024),
  TEMPERATURE: z.coerce.number().min(0).max(2).default(0.3),
});

export type LogLevel = (typeof logLevels)[number];

export type Settings = z.output<typeof settingsSchema>;

/** The default of every variable that has one (`GROQ_MODEL`, `TEMPERATURE`, ...), as parsed. */
export const settingsDefaults: Partial<Settings> = Object.fromEntries(
  Object.entries(settingsSchema.shape).flatMap(([name, rule]) => {
    const parsed = rule.safeParse(undefined);
    return parsed.success && parsed.data !== undefined ? [[name, parsed.data]] : [];
  }),
);
