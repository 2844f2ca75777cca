import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket } from 'node:net';
import type { Express, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Every trick this backend plays on Express's or Node's internals, in one module, each with why it
 * is here and what it bought (`npm run bench`, docs/performance.md, "What each change bought"):
 *
 * | trick | relies on | bought (list endpoint) |
 * |---|---|---|
 * | `createHttpServer`: requests and responses born with the app's prototypes | Node calling `IncomingMessage`/`ServerResponse` as plain functions; Express's `setPrototypeOf` in `app.handle` | the largest single gap to the bare baseline: scavenges 10x faster, a bare Express route 3.7x the requests |
 * | `installDirectJson`: `res.json` writes small and large bodies in one write | Express's `res.json`/`res.send` behaviour, pinned case by case by the tests | one write instead of two for bodies of 1,000 characters or more (the 12 KB list) |
 * | `securityHeaders` replaying helmet's headers | helmet's middlewares being synchronous and request-independent with these options | helmet's chain of a dozen middlewares on every request |
 *
 * `FAST_PATHS=off` (config.ts) turns them all off: Node's own server, Express's own `res.json`, and
 * `helmet()` itself. The backend's API suite runs both ways (jest project `backend-plain`).
 * `checkFastPathRuntime` (main.ts, at start) refuses a Node or Express these were not verified on.
 */

/**
 * The Node majors and the Express version line the tricks were verified on (the tests in
 * fast-paths.test.ts and the bench): Node 20 (the machines) and 24 (the images); Express 5.3.
 * Anything else is refused at start until verified: run `npm test` and `npm run bench` on it, then
 * widen these, or run with FAST_PATHS=off meanwhile.
 */
export const VERIFIED_NODE_MAJORS = [20, 24] as const;
export const VERIFIED_EXPRESS = /^5\.3\./;

/** Why the tricks cannot run on this runtime, or undefined when they can. */
export function checkFastPathRuntime(versions: { node: string; express: string }): string | undefined {
  const nodeMajor = Number(versions.node.split('.')[0]);
  const problems: string[] = [];
  if (!(VERIFIED_NODE_MAJORS as readonly number[]).includes(nodeMajor)) {
    problems.push(`Node ${versions.node} (verified: ${VERIFIED_NODE_MAJORS.join(', ')})`);
  }
  if (!VERIFIED_EXPRESS.test(versions.express)) problems.push(`Express ${versions.express} (verified: 5.3.x)`);
  if (problems.length === 0) return undefined;
  return (
    `the fast paths (apps/backend/src/http/fast-paths.ts) were not verified on ${problems.join(' and ')}: ` +
    'set FAST_PATHS=off, or verify them (npm test, npm run bench) and widen VERIFIED_NODE_MAJORS / VERIFIED_EXPRESS'
  );
}

/** The http.Server for the app: with the prototype trick when `fast`, else Node's plain one. */
export function serverFor(app: Express, fast: boolean): Server {
  return fast ? createHttpServer(app) : createServer(app);
}

// ---- requests and responses born with the app's prototypes ---------------------------------------
/**
 * The http.Server for an Express app, whose requests and responses are born with the app's
 * prototypes (`app.request`, `app.response`) instead of getting them afterwards.
 *
 * Why: Express gives every request and response its app's prototype with `Object.setPrototypeOf`
 * (express/lib/application.js, `app.handle`). Done to objects that already exist, that made V8
 * promote them at the next minor GC: measured on the task list, ~12 KB per request moved to the old
 * generation and scavenges 10x slower (8-10 ms instead of ~1 ms), the largest single gap to the
 * bare node:http baseline; a bare Express route served 3.7x more requests without it. Node creates requests and responses from the classes the server is
 * given (`http.createServer({ IncomingMessage, ServerResponse })`, Node docs, http.createServer);
 * made from these, Express's `setPrototypeOf` finds the prototype already set and changes nothing.
 * The approach and figures like ours: expressjs/express#5998 ("How to make Express 2x faster").
 */
export function createHttpServer(app: Express): Server {
  // Node's IncomingMessage and ServerResponse are plain constructor functions: called on the new
  // object, they set it up as `new` would, and the object keeps the prototype given below. (Made
  // with Reflect.construct instead, the objects were promoted just the same: measured.) If Node
  // ever turns them into classes, the call throws, and fast-paths.test.ts fails.
  function AppRequest(this: IncomingMessage, socket: Socket) {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object) {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof ServerResponse,
    },
    app,
  );
}

// ---- res.json in one write -------------------------------------------------------------------------
/**
 * `res.json` without Express's detour for large bodies. Express's `res.send` copies any body of
 * 1,000 characters or more into a Buffer (express/lib/response.js, `res.send`: "convert chunk to
 * Buffer"), which Node then writes as a second chunk after the headers; a string body goes out
 * with the headers in one write. The task list (~12 KB for 50 tasks) takes that path on every
 * request.
 *
 * Installed on this app's response prototype (`app.response`, Express's per-app extension point),
 * so every route keeps calling `res.json`. The direct path is taken only where it answers exactly
 * what Express would (pinned case by case in fast-paths.test.ts): a JSON value, no Content-Type
 * or Transfer-Encoding set yet, a status with a body, not HEAD, not a fresh conditional request,
 * and none of Express's `json replacer|spaces|escape` settings, nor ETags (`etag fn`: the API turns
 * them off). Anything else goes to Express.
 */
export function installDirectJson(app: Express): void {
  const expressJson = app.response.json;
  app.response.json = function json(this: Response, value: unknown) {
    const expressOnly = ['json replacer', 'json spaces', 'json escape', 'etag fn'].some((setting) => Boolean(this.app.get(setting)));
    const text = expressOnly ? undefined : JSON.stringify(value);
    if (
      typeof text !== 'string' ||
      this.getHeader('Content-Type') !== undefined ||
      this.getHeader('Transfer-Encoding') !== undefined ||
      this.req.method === 'HEAD' ||
      this.statusCode === 204 ||
      this.statusCode === 205 ||
      this.statusCode === 304 ||
      this.req.fresh
    ) {
      return expressJson.call(this, value);
    }
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    this.setHeader('Content-Length', Buffer.byteLength(text));
    this.end(text);
    return this;
  };
}

// ---- helmet's headers, replayed ----------------------------------------------------------------------
/**
 * helmet's security headers, worked out once: helmet runs on a stand-in response when the app is
 * built, and the headers it set are replayed on every response. The same names, cases and values
 * as `app.use(helmet())` (pinned by fast-paths.test.ts), without helmet's chain of a dozen
 * middlewares on every request. This holds because none of helmet's headers depends on the
 * request with these options: no CSP directive is a function (nonces); helmet's only other work,
 * removing `X-Powered-By`, is `app.disable('x-powered-by')` here. `closeWhile` (the app's "shutting
 * down") adds `Connection: close` in the same pass: one middleware layer fewer on every request.
 */
export function securityHeaders(
  options: { helmet?: Readonly<HelmetOptions>; closeWhile?: () => boolean; fast?: boolean } = {},
): RequestHandler {
  const { closeWhile } = options;
  if (options.fast === false) {
    const plain = helmet(options.helmet);
    return (req, res, next) => {
      if (closeWhile?.()) res.setHeader('connection', 'close');
      plain(req, res, next);
    };
  }
  const headers = helmetHeaders(options.helmet);
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
