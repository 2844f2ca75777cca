/**
 * The security headers of the frontend. Pages get a Content-Security-Policy with a fresh nonce per
 * request from src/proxy.ts (Next.js reads the nonce from the request's CSP header and puts it on
 * every script it renders: node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md);
 * every other response gets the fixed headers below from next.config.ts.
 */

export interface PolicyOptions {
  /** Base64 of 16 random bytes, new for every page request. */
  nonce: string;
  /** `next dev` needs eval (React's debugging) and injects styles without a nonce. */
  dev: boolean;
  /** Served over https (directly or behind a TLS-terminating proxy): ask for https subresources. */
  https: boolean;
}

/**
 * The CSP of a page. Scripts: only those carrying this request's nonce, and what they load
 * ('strict-dynamic'); never 'unsafe-inline'. No plugins, no <base> hijack, no framing by any site,
 * and the page talks only to its own origin (the BFF), never to the backend or a third party.
 */
export function contentSecurityPolicy({ nonce, dev, https }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** For responses that are not pages (API JSON, static files): nothing may run, nothing may frame them. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** On every response, pages and assets alike. */
export const COMMON_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
  // For browsers without CSP frame-ancestors; the CSP says the same.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** Only over https: a browser that saw it refuses plain http to this host for two years. */
export const HSTS_HEADER = { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' } as const;

/**
 * X-Forwarded-Proto values that mean https: the first comma-separated entry (the outermost proxy's
 * scheme; each proxy appends its own) is "https". A regular expression's source, because next.config.ts
 * hands it to Next.js as the `has` value that gates HSTS, and Next.js tests it against the whole
 * header as `new RegExp(`^${value}$`)` (matchHas in next/dist/shared/lib/router/utils/prepare-destination.js).
 * `isHttps` tests it the same way, so HSTS and upgrade-insecure-requests never disagree.
 */
export const HTTPS_FORWARDED_PROTO = '[ \\t]*https[ \\t]*(?:,.*)?';

const httpsForwardedProto = new RegExp(`^${HTTPS_FORWARDED_PROTO}$`);

/** Whether the browser reached us over https, as the (already normalized, see src/edge) forwarding headers say. */
export function isHttps(forwardedProto: string | null): boolean {
  return forwardedProto !== null && httpsForwardedProto.test(forwardedProto);
}

/** A nonce: 128 random bits, base64 (what CSP's nonce-source grammar allows). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
