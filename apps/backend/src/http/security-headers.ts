import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's security headers, worked out once: helmet runs on a stand-in response when the app is
 * built, and the headers it set are replayed on every response. The same names, cases and values
 * as `app.use(helmet())` (pinned by security-headers.test.ts), without helmet's chain of a dozen
 * middlewares on every request. This holds because none of helmet's headers depends on the
 * request with these options: no CSP directive is a function (nonces); helmet's only other work,
 * removing `X-Powered-By`, is `app.disable('x-powered-by')` here. `closeWhile` (the app's "shutting
 * down") adds `Connection: close` in the same pass: one middleware layer fewer on every request.
 */
export function securityHeaders(options: { helmet?: Readonly<HelmetOptions>; closeWhile?: () => boolean } = {}): RequestHandler {
  const headers = helmetHeaders(options.helmet);
  const { closeWhile } = options;
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    // While draining, ask keep-alive clients to reconnect (to another pod) after this response.
    if (closeWhile?.()) res.setHeader('connection', 'close');
    next();
  };
}

/** The headers helmet sets on a response, as [name as helmet spelled it, value]. */
export function helmetHeaders(options?: Readonly<HelmetOptions>): [string, string | number | readonly string[]][] {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  let failure: unknown;
  let done = false;
  helmet(options)(req, res, (error?: unknown) => {
    done = true;
    failure = error;
  });
  // helmet's middlewares are synchronous; anything else would mean the headers depend on more.
  if (!done || failure) throw new Error(`helmet did not finish synchronously on a stand-in response: ${String(failure)}`);
  // outgoingMessage.getRawHeaderNames() (Node >= 15.13, missing from @types/node 20): the names
  // with the case they were set in, which is the case they go out in.
  const names = (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames();
  return names.map((name) => [name, res.getHeader(name) as string | number | readonly string[]]);
}
