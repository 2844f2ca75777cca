import { isIP } from 'node:net';
import { requestIdFrom, type ErrorBody, type ErrorCode } from '@todo/contracts';

/** Request headers passed on to the backend; everything else (cookies above all) stays here. */
export const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent'];
/** Response headers passed back to the browser (`x-accel-buffering: no` keeps an nginx in front from buffering a stream). */
export const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'ratelimit', 'ratelimit-policy', 'x-accel-buffering'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * How long the backend may take to start answering; longer than its own limit for an assistant
 * turn, so the backend answers first with a proper error. Once it answers, the body streams
 * through for as long as the backend sends it (an assistant turn sends heartbeats).
 */
export const BACKEND_TIMEOUT_MS = 90_000;
/** Answered by /api/session instead, so the token never reaches the browser's JavaScript. */
export const SESSION_ROUTES = new Set(['auth/login', 'auth/signup']);

export interface ForwardOptions {
  backendUrl: string;
  /** Path segments after `/api/v1/`, as the catch-all route received them. */
  segments: string[];
  token?: string;
  fetchImpl?: typeof fetch;
}

/** The BFF's own error answers, in one wording for the route handler and the front server's fast path (src/edge/api-proxy.ts). */
export const PROXY_ERRORS = {
  /** One of SESSION_ROUTES, asked of `/api/v1`. */
  sessionRoute: { status: 404, code: 'not_found', message: 'Use /api/session/login or /api/session/signup.' },
  crossOrigin: { status: 403, code: 'forbidden', message: 'Cross-origin requests are not allowed.' },
  unreachable: { status: 503, code: 'service_unavailable', message: 'The backend is unreachable. Try again in a moment.' },
} as const satisfies Record<string, { status: number; code: ErrorCode; message: string }>;

export function errorResponse(status: number, code: ErrorCode, message: string, requestId: string): Response {
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers: { 'x-request-id': requestId, 'cache-control': 'no-store' } });
}

/**
 * A cross-site page cannot use the session: unsafe methods must come from our own origin. SameSite=Lax
 * already keeps the cookie off cross-site POSTs; this also covers same-site subdomains.
 */
export function isCrossOrigin(request: Request): boolean {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  return crossOrigin(request.method, request.headers.get('origin') ?? undefined, host ?? undefined);
}

/** `isCrossOrigin` on the parts it reads (the front server's `/api/v1` path has no web `Request`). */
export function crossOrigin(method: string, origin: string | undefined, host: string | undefined): boolean {
  if (!UNSAFE_METHODS.has(method)) return false;
  if (!origin) return false;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Builds the backend URL for the proxied path, refusing dot segments that would escape `/api/v1`. */
export function backendTarget(backendUrl: string, segments: string[], search: string): string | null {
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  return `${backendUrl}/api/v1/${segments.map(encodeURIComponent).join('/')}${search}`;
}

/** Forwards one browser request to the backend with the session's bearer token and a request id. */
export async function forwardToBackend(request: Request, options: ForwardOptions): Promise<Response> {
  const requestId = requestIdFrom(request.headers.get('x-request-id'));
  if (isCrossOrigin(request)) {
    const { status, code, message } = PROXY_ERRORS.crossOrigin;
    return errorResponse(status, code, message, requestId);
  }
  const target = backendTarget(options.backendUrl, options.segments, new URL(request.url).search);
  if (!target) return errorResponse(404, 'not_found', 'Not found.', requestId);

  const headers = new Headers({ 'x-request-id': requestId });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  // The browser's address for the backend's per-client limits. The standalone server's entry
  // (src/edge/server.ts) has already replaced whatever the client sent with the one address the
  // socket and the trusted proxies vouch for; anything else is not passed on.
  const client = request.headers.get('x-forwarded-for');
  if (client && isIP(client) !== 0) headers.set('x-forwarded-for', client);

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // Aborts the backend request when the browser goes away: Next.js aborts request.signal when the
  // response closes (signalFromNodeResponse, node_modules/next/dist/server/web/spec-extension/
  // adapters/next-request.js) and cancels the body stream (pipeToNodeResponse in
  // node_modules/next/dist/server/pipe-readable.js); the backend then stops the assistant's turn.
  const upstreamAbort = new AbortController();
  const abortUpstream = () => upstreamAbort.abort();
  request.signal.addEventListener('abort', abortUpstream, { once: true });
  const timer = setTimeout(abortUpstream, BACKEND_TIMEOUT_MS);
  let upstream: Response;
  try {
    upstream = await (options.fetchImpl ?? fetch)(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
      signal: upstreamAbort.signal,
    });
  } catch {
    const { status, code, message } = PROXY_ERRORS.unreachable;
    return errorResponse(status, code, message, requestId);
  } finally {
    clearTimeout(timer);
  }

  const responseHeaders = new Headers({
    'x-request-id': upstream.headers.get('x-request-id') ?? requestId,
    // no-transform: Next.js' compression (expressjs/compression) skips such responses, so nothing
    // holds back the chunks of a stream.
    'cache-control': 'no-store, no-transform',
  });
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) responseHeaders.set(name, value);
  }
  const body = upstream.status === 204 || upstream.status === 304 || !upstream.body ? null : passThrough(upstream.body, abortUpstream);
  return new Response(body, { status: upstream.status, headers: responseHeaders });
}

/**
 * The backend's body, chunk by chunk as it arrives: nothing is buffered, so there is no size limit
 * and a streamed assistant turn reaches the browser as it happens. Cancelling it (the browser went
 * away) aborts the backend request.
 */
export function passThrough(body: ReadableStream<Uint8Array>, onCancel: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel(reason) {
        onCancel();
        await reader.cancel(reason);
      },
    },
    // Pull only when the browser side asks: a slow browser slows the backend read, not memory.
    { highWaterMark: 0 },
  );
}
