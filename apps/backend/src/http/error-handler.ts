import type { ErrorBody } from '@todo/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  AppError,
  InvalidJsonError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  statusByCode,
} from '../errors';

/** body-parser signals its failures with `type` and `status` on the error object. */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return new InvalidJsonError();
    case 'entity.too.large':
      return new PayloadTooLargeError();
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new InvalidJsonError('The request body encoding is not supported');
    default:
      return undefined;
  }
}

/**
 * Express's router and body-parser raise http-errors with a 4xx `status` for input they cannot
 * decode: a path parameter with a malformed %-escape (a URIError), or a body whose
 * Content-Encoding does not match its bytes. Both are the client's fault, never a 500.
 */
function fromHttpError(error: unknown): AppError | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (status !== 400) return undefined;
  // An id that cannot be decoded cannot exist.
  if (error instanceof URIError) return new NotFoundError('No resource at this path (malformed %-encoding)');
  return new InvalidJsonError('The request body could not be decoded');
}

/**
 * Prisma driver errors that mean "the database is not reachable", not "the query is wrong",
 * including PostgreSQL's own refusals while it stops or recovers (SQLSTATE 57P01-57P03, 53300).
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code)}` : '';
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|timeout exceeded when trying to connect|Connection terminated|DatabaseNotReachable|P1001|P1017|57P0[123]|53300|not yet accepting connections|database system is (starting up|shutting down|in recovery mode)/i.test(
    text,
  );
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const parsed = fromBodyParser(error) ?? fromHttpError(error);
  if (parsed) return parsed;
  if (isDatabaseUnavailable(error)) {
    return new ServiceUnavailableError('The database is unavailable, try again shortly', { cause: error });
  }
  return undefined;
}

/** The one place that turns errors into HTTP responses. Unknown errors become an opaque 500. */
export const errorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const appError = toAppError(error);
  const status = appError ? statusByCode[appError.code] : 500;
  if (!appError || status >= 500) {
    // Logged with the request line (request-context.ts); the client gets no internals.
    res.err = error instanceof Error ? error : new Error(String(error));
  }
  const body: ErrorBody = appError
    ? {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details === undefined ? {} : { details: appError.details }),
        },
      }
    : { error: { code: 'internal', message: 'Internal server error' } };
  if (appError instanceof RateLimitedError) res.setHeader('retry-after', String(appError.retryAfterSeconds));
  res.status(status).json(body);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`));
};
