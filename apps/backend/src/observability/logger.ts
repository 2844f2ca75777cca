import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log line. Request logs carry only chosen fields
 * (see request-logging.ts), so these are the second line of defence for anything logged by hand.
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

export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'backend' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
