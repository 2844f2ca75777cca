import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '@todo/contracts/settings';

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log line. Request logs carry only chosen fields
 * (see http/request-context.ts), so these are the second line of defence for anything logged by hand.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  'passwordHash',
  'token',
  'apiKey',
  'jwtSecret',
  'groqApiKey',
  'databaseUrl',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.apiKey',
  '*.jwtSecret',
  '*.groqApiKey',
  '*.databaseUrl',
  '*.*.password',
  '*.*.token',
  '*.*.apiKey',
];

export interface LoggerOptions {
  level: LogLevel;
  destination?: DestinationStream;
  /**
   * Secret values (keys, the JWT secret, the database password) masked wherever they appear in a
   * line, e.g. inside an error message of a library. The path redaction above cannot see those.
   */
  secrets?: ReadonlyArray<string | undefined>;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createLogger(options: LoggerOptions): Logger {
  // JSON-encoding may escape characters of a secret; mask both the raw and the encoded form.
  const values = (options.secrets ?? [])
    .filter((value): value is string => typeof value === 'string' && value.length >= 8)
    .flatMap((value) => [value, JSON.stringify(value).slice(1, -1)]);
  const pattern = values.length > 0 ? new RegExp([...new Set(values)].map(escapeRegExp).join('|'), 'g') : undefined;
  return pino(
    {
      level: options.level,
      ...(pattern ? { hooks: { streamWrite: (line: string) => line.replace(pattern, '[redacted]') } } : {}),
      base: { service: 'backend' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

/**
 * The logger of the one line per request (http/request-context.ts). That line holds only fields the
 * code chose (method, route template, status, duration, a request id that matched the contract's
 * plain pattern), so pino's path redaction is dropped for it: with the wildcard paths above it cost
 * ~40 µs a line, more than the rest of the line. The mask of secret values still runs on every
 * line. A child with `redact: []` removes the inherited paths (pino docs/api.md, child
 * `options.redact`); it is made once per app, not per request.
 */
export function requestLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}
