import type { ErrorCode, ValidationIssue } from '@todo/contracts';
import type { z } from 'zod';

/**
 * The one error family of the backend. Services throw these; the error middleware turns them into
 * `{ error: { code, message, details? } }` with the status from `statusByCode`. Messages are shown
 * to clients, so they never contain secrets or internals.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidJsonError extends AppError {
  constructor(message = 'The request body is not valid JSON') {
    super('invalid_json', message);
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly issues: ValidationIssue[],
    message = 'The request is invalid',
  ) {
    super('validation_failed', message, issues);
  }

  static fromZod(error: z.ZodError, message?: string): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
      message,
    );
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super('forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super('not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'The request body is too large') {
    super('payload_too_large', message);
  }
}

/** A limit was reached (429); the error middleware sends `retryAfterSeconds` as `Retry-After`. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable', options?: { cause?: unknown }) {
    super('service_unavailable', message, undefined, options);
  }
}

/** The assistant is not configured or its provider is down (503). */
export class LlmUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('llm_unavailable', message, undefined, options);
  }
}

/** The LLM provider answered with something unusable (502). */
export class LlmBadGatewayError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('llm_bad_gateway', message, undefined, options);
  }
}

/** The LLM provider did not answer in time (504). */
export class LlmTimeoutError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('llm_timeout', message, undefined, options);
  }
}

/**
 * The person stopped the assistant's turn (closed the stream): no one reads the answer, but the
 * turn is stored by the rules of a failed turn. The message completes "could not finish this reply: …".
 */
export class TurnStoppedError extends AppError {
  constructor() {
    super('service_unavailable', 'it was stopped before it finished');
  }
}

export const statusByCode: Record<ErrorCode, number> = {
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  llm_bad_gateway: 502,
  llm_unavailable: 503,
  llm_timeout: 504,
  service_unavailable: 503,
};
