/** The header that carries a request's id from the browser through the frontend and the backend into their logs. */
export const requestIdHeader = 'x-request-id';

/** A caller's request id is kept only when it is short and plain, so it cannot inject into logs or headers. */
export const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it matches `requestIdPattern`, else a new one (a random UUID), so logs correlate. */
export function requestIdFrom(value: unknown): string {
  return typeof value === 'string' && requestIdPattern.test(value) ? value : crypto.randomUUID();
}
