import { errorBodySchema, type ErrorCode } from '@todo/contracts';

/** A failed API call, carrying the contract's error code so callers switch on it, never on text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Builds the ApiError for a non-2xx response body, tolerating bodies that are not the contract shape. */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(status, code, message, details);
  }
  return new ApiError(status, status === 401 ? 'unauthorized' : 'internal', `Unexpected response (HTTP ${status})`);
}

/** The messages a person should read for an error, with the per-field issues of a validation error. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (error.code === 'validation_failed' && Array.isArray(error.details) && error.details.length > 0) {
    const issues = error.details
      .map((issue: { path?: unknown; message?: unknown }) =>
        typeof issue.path === 'string' && issue.path !== '' ? `${issue.path}: ${String(issue.message)}` : String(issue.message),
      )
      .join('; ');
    return `${error.message} (${issues})`;
  }
  return error.message;
}
