import { Agent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { requestIdFrom, type ErrorBody } from '@todo/contracts';
import {
  BACKEND_TIMEOUT_MS,
  crossOrigin,
  FORWARDED_REQUEST_HEADERS,
  FORWARDED_RESPONSE_HEADERS,
  PROXY_ERRORS,
  SESSION_ROUTES,
} from '../lib/proxy';
import { SESSION_COOKIE } from '../lib/session';
import { COMMON_SECURITY_HEADERS, HSTS_HEADER, isHttps, NON_PAGE_CONTENT_SECURITY_POLICY } from '../lib/security-headers';

/**
 * `/api/v1/*` on plain `node:http`, in front of Next.js: what the catch-all route handler
 * (src/app/api/v1/[...path]/route.ts with src/lib/proxy.ts) does, without Next.js' request
 * pipeline, which costs about 3 ms of CPU per proxied request (npm run bench -- --profile bff;
 * docs/performance.md) against about 0.2 ms here.
 *
 * The route handler stays the reference: this takes only the requests it can answer exactly as the
 * handler would (the handler's methods; a path of plain segments; `API_FAST_PATH=off` turns it off)
 * and hands every other request to Next.js, so both always exist side by side and
 * e2e/bff-parity.e2e.ts sends the same requests through both and compares the answers. The
 * headers Next.js would add from next.config.ts' `headers()` (the security headers of every
 * response, the non-page CSP of `/api/*`, HSTS over https) are added here in the same order.
 */

/** The methods the route handler exports; anything else (HEAD, OPTIONS) is Next.js' to answer. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const PREFIX = '/api/v1/';
/** Segments Next.js passes on unchanged: no percent-encoding, no dot segments, nothing empty. */
const PLAIN_SEGMENT = /^(?!\.\.?$)[A-Za-z0-9._~-]+$/;
/** A query string left as the client sent it, which Next.js also passes on unchanged. */
const PLAIN_QUERY = /^[A-Za-z0-9._~=&%+-]*$/;
const SESSION = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]*)`);
/** A JWT as the backend issues it (base64url parts and dots). */
const PLAIN_TOKEN = /^[A-Za-z0-9._-]*$/;
/**
 * The Vary header Next.js gives a route handler's answer (its router's cache keys; pinned by
 * e2e/bff-parity.e2e.ts), plus Accept-Encoding where its compression could apply: on the handler's
 * own error answers, not on proxied ones (`no-transform`).
 */
const NEXT_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';
/** What `response.cookies.delete(SESSION_COOKIE)` sends (the route handler's 401 path). */
const CLEAR_SESSION = `${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

export interface ApiProxyOptions {
  backendUrl: string;
  enabled: boolean;
}

/** Returns a handler that answers `req` and returns true, or returns false and leaves it to Next.js. */
export function createApiProxy(options: ApiProxyOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const backend = new URL(options.backendUrl);
  const send = backend.protocol === 'https:' ? httpsRequest : httpRequest;
  // Kept-alive connections to the backend, as Next.js' fetch (undici) keeps them.
  const agent = backend.protocol === 'https:' ? undefined : new Agent({ keepAlive: true });

  return (req, res) => {
    if (!options.enabled || !METHODS.has(req.method ?? '') || !req.url?.startsWith(PREFIX)) return false;
    const [pathname = '', search] = splitUrl(req.url);
    const segments = pathname.slice(PREFIX.length).split('/');
    if (!segments.every((segment) => PLAIN_SEGMENT.test(segment)) || (search !== undefined && !PLAIN_QUERY.test(search))) return false;

    // A cookie value Next.js would decode (percent-encoding) is Next.js' to read.
    const token = SESSION.exec(header(req, 'cookie') ?? '')?.[1];
    if (token !== undefined && !PLAIN_TOKEN.test(token)) return false;

    const requestId = requestIdFrom(req.headers['x-request-id']);
    const headersOut = responseHeaders(req);
    if (SESSION_ROUTES.has(segments.join('/'))) {
      answerError(res, headersOut, PROXY_ERRORS.sessionRoute, requestId);
      return true;
    }
    if (crossOrigin(req.method ?? '', header(req, 'origin'), header(req, 'x-forwarded-host') ?? header(req, 'host'))) {
      answerError(res, headersOut, PROXY_ERRORS.crossOrigin, requestId);
      return true;
    }

    const upstream = send(
      {
        protocol: backend.protocol,
        hostname: backend.hostname,
        port: backend.port,
        method: req.method,
        path: `${backend.pathname.replace(/\/+$/, '')}${req.url}`,
        headers: backendHeaders(req, requestId, token),
        agent,
      },
      (answer) => {
        clearTimeout(timer);
        const out: OutgoingHttpHeaders = {
          ...headersOut,
          vary: NEXT_VARY,
          'x-request-id': header(answer, 'x-request-id') ?? requestId,
          'cache-control': 'no-store, no-transform',
        };
        for (const name of FORWARDED_RESPONSE_HEADERS) if (answer.headers[name] !== undefined) out[name] = answer.headers[name];
        if (answer.statusCode === 401) out['set-cookie'] = CLEAR_SESSION;
        const status = answer.statusCode ?? 502;
        res.writeHead(status, out);
        if (status === 204 || status === 304) {
          answer.resume();
          res.end();
        } else answer.pipe(res);
      },
    );
    const unreachable = () => {
      clearTimeout(timer);
      if (!res.headersSent) answerError(res, headersOut, PROXY_ERRORS.unreachable, requestId);
      else res.destroy();
    };
    const timer = setTimeout(() => upstream.destroy(new Error('no answer in time')), BACKEND_TIMEOUT_MS);
    upstream.on('error', unreachable);
    // The browser went away: stop the backend's work (an assistant turn) too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    // As the route handler: a GET's body is not passed on; every other method's is (a DELETE may carry one).
    if (req.method === 'GET') {
      req.resume();
      upstream.end();
    } else req.pipe(upstream);
    return true;
  };
}

const splitUrl = (url: string): [string, string | undefined] => {
  const at = url.indexOf('?');
  return at === -1 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
};

const header = (message: IncomingMessage, name: string): string | undefined => {
  const value = message.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** The headers the backend gets: the route handler's list (src/lib/proxy.ts), the token, the vouched-for client. */
function backendHeaders(req: IncomingMessage, requestId: string, token: string | undefined): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { 'x-request-id': requestId };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = header(req, name);
    if (value) out[name] = value;
  }
  if (token) out.authorization = `Bearer ${token}`;
  // Already the one address src/edge/client-address.ts vouches for (the front server rewrote it).
  const client = header(req, 'x-forwarded-for');
  if (client && isIP(client) !== 0) out['x-forwarded-for'] = client;
  if (req.method !== 'GET') {
    for (const name of ['content-length', 'transfer-encoding']) {
      const value = header(req, name);
      if (value) out[name] = value;
    }
  }
  return out;
}

/** The headers next.config.ts' `headers()` gives an `/api/*` response, in its order. */
function responseHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const { key, value } of COMMON_SECURITY_HEADERS) out[key.toLowerCase()] = value;
  if (isHttps(header(req, 'x-forwarded-proto') ?? null)) out[HSTS_HEADER.key.toLowerCase()] = HSTS_HEADER.value;
  out['content-security-policy'] = NON_PAGE_CONTENT_SECURITY_POLICY;
  return out;
}

function answerError(
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  error: (typeof PROXY_ERRORS)[keyof typeof PROXY_ERRORS],
  requestId: string,
): void {
  const { status, code, message } = error;
  const body: ErrorBody = { error: { code, message } };
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    vary: `${NEXT_VARY}, Accept-Encoding`,
    'x-request-id': requestId,
    'cache-control': 'no-store',
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
