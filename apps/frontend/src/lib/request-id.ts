const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's x-request-id when it is a sane token, else makes a new one, so logs correlate. */
export function requestIdFrom(headerValue: string | null): string {
  return headerValue && REQUEST_ID_PATTERN.test(headerValue) ? headerValue : crypto.randomUUID();
}
