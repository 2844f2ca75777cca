import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forwardedHeadersRewriter } from './client-address';

/**
 * The server browsers reach: it vouches for the client's address first (client-address.ts), lets the
 * `/api/v1` fast path answer what it can (api-proxy.ts), and passes everything else, unchanged, to
 * Next.js' own server on a loopback port (`next`), as a reverse proxy in front of `next start` would.
 * Next.js' standalone server cannot be given a request handler to run first: the Next.js docs
 * ("Custom Server") say a custom server and standalone output cannot be used together, so Next.js
 * keeps its server and this one stands in front of it.
 */
export interface FrontServerOptions {
  /** TRUSTED_PROXY_HOPS (client-address.ts). */
  hops: number;
  /** Answers a request and returns true, or returns false to pass it on (api-proxy.ts). */
  fastPath: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Where Next.js' server listens. */
  next: { host: string; port: number };
}

/** Hop-by-hop headers (RFC 9110, 7.6.1): they describe one connection, not the message. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

const endToEnd = (headers: IncomingHttpHeaders): IncomingHttpHeaders => {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
};

export function createFrontServer(options: FrontServerOptions): Server {
  const rewrite = forwardedHeadersRewriter(options.hops);
  const agent = new Agent({ keepAlive: true });
  return createServer((req, res) => {
    rewrite(req);
    if (options.fastPath(req, res)) return;
    const upstream = request(
      { host: options.next.host, port: options.next.port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else
        res
          .writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
          .end('The web server is starting or restarting. Try again in a moment.\n');
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
}
