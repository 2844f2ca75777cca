import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Headers a client could set to claim another address, scheme or host. */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded', 'x-real-ip'];
const MAX_HOPS = 10;

/**
 * Reads TRUSTED_PROXY_HOPS: how many reverse proxies in front of the frontend add themselves to
 * X-Forwarded-For. 0 (the default) when browsers connect straight to the pods (a NodePort Service
 * with `externalTrafficPolicy: Local`), 1 behind an Ingress controller or an L7 load balancer.
 */
export function trustedProxyHopsFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > MAX_HOPS) {
    throw new Error(
      `TRUSTED_PROXY_HOPS must be a whole number from 0 to ${MAX_HOPS} (the reverse proxies in front of the frontend that add ` +
        `X-Forwarded-For: 0 for a NodePort with externalTrafficPolicy: Local, 1 behind an Ingress controller); got "${value}"`,
    );
  }
  return hops;
}

/** "::ffff:203.0.113.7" (an IPv4 client on a dual-stack socket) is the same client as "203.0.113.7". */
export function canonicalAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/i, '');
}

/**
 * The browser's address as this frontend can vouch for it: the socket's peer, or, through
 * `hops` trusted proxies, the entry the outermost trusted proxy added to X-Forwarded-For
 * (proxy-addr walks the chain from the socket outwards, as Express's `trust proxy` does).
 * Entries further left were written by the client and are never used. Undefined when the socket
 * has no peer address (Node leaves `remoteAddress` undefined once the client disconnected): then
 * nothing vouches for the peer being a trusted proxy either.
 */
export function clientAddress(request: IncomingMessage, hops: number): string | undefined {
  if (typeof request.socket?.remoteAddress !== 'string') return undefined;
  const address = proxyaddr(request, (_address, index) => index < hops) as string | undefined;
  return typeof address === 'string' ? canonicalAddress(address) : undefined;
}

/** Drops every forwarding header: Next.js then derives client, scheme and host from the socket and the Host header. */
export function dropForwardedHeaders(request: IncomingMessage): void {
  for (const name of FORWARDED_HEADERS) delete request.headers[name];
}

/**
 * Rewrites the request's forwarding headers before Next.js sees them: X-Forwarded-For becomes the
 * one address `clientAddress` vouches for. With no trusted proxy, the scheme/host/port headers are
 * dropped too, so Next.js derives them from the socket and the Host header (base-server.js only
 * fills these headers when they are absent: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`,
 * so without this a client-sent value would reach every route handler as is). With no client
 * address (the client is gone), all of them are dropped, as for an untrusted request.
 */
export function normalizeForwardedHeaders(request: IncomingMessage, hops: number): void {
  const client = clientAddress(request, hops);
  if (client === undefined) {
    dropForwardedHeaders(request);
    return;
  }
  for (const name of FORWARDED_HEADERS) {
    if (hops === 0 || name === 'forwarded' || name === 'x-real-ip') delete request.headers[name];
  }
  request.headers['x-forwarded-for'] = client;
}

/**
 * `normalizeForwardedHeaders` for the front server (front-server.ts), which calls it first on every
 * request. It never throws: a failed rewrite drops the forwarding headers instead (no client-sent
 * value gets through) and is reported.
 */
export function forwardedHeadersRewriter(hops: number, report: (error: unknown) => void = reportRewriteFailure) {
  return (request: IncomingMessage | undefined): void => {
    try {
      if (!request) throw new TypeError('no request to rewrite');
      normalizeForwardedHeaders(request, hops);
    } catch (error) {
      try {
        if (request?.headers) dropForwardedHeaders(request);
        report(error);
      } catch {
        // Nothing left to do safely; the request goes on with what it has.
      }
    }
  };
}

function reportRewriteFailure(error: unknown): void {
  process.stderr.write(`Could not rewrite the forwarding headers of a request (dropped them instead): ${String(error)}\n`);
}
