import { z } from 'zod';

/**
 * Machine-readable error codes. Each maps to exactly one HTTP status in the backend's error
 * middleware; clients switch on the code, never on the message text.
 */
export const errorCodeSchema = z.enum([
  'invalid_json', // 400: the body is not parseable JSON
  'validation_failed', // 422: well-formed, but fails the schema (details lists every issue)
  'unauthorized', // 401: missing, malformed, forged or expired token; wrong credentials
  'forbidden', // 403
  'not_found', // 404: unknown route or id, including another user's id
  'conflict', // 409: e.g. the email is already registered
  'payload_too_large', // 413
  'rate_limited', // 429
  'internal', // 500: never carries a stack trace
  'llm_bad_gateway', // 502: the LLM provider answered with an unusable response
  'llm_unavailable', // 503: the assistant is not configured, or the provider is down
  'llm_timeout', // 504: the LLM provider did not answer in time
  'service_unavailable', // 503: e.g. the database is unreachable, or the server is shutting down
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** One schema issue, as listed in `details` of a `validation_failed` error. */
export const validationIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

/** The one error shape every non-2xx JSON response of the API uses. */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
