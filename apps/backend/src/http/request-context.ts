import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom, requestIdHeader } from '@todo/contracts';
import type { RequestHandler } from 'express';
import { requestLineLogger, type Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { routeTemplate } from './route-template';

/** The caller's request id if it is short and plain (the contract's rule, shared with the frontend), else a new one. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFrom(req.headers[requestIdHeader]);
  res.setHeader(requestIdHeader, id);
  return id;
}

declare module 'http' {
  interface ServerResponse {
    /** The error a 5xx answered (set by the error handler): logged with the request line, never sent. */
    err?: Error;
  }
}

/** Health probes hit every few seconds per pod: their metrics are enough. */
const unlogged = (url: string) => url.startsWith('/health') || url === '/metrics';

/**
 * Per request, when the response is done: its duration in the `http_request_duration_seconds`
 * histogram (when it finished; not when the connection closed first), and one JSON log line (either
 * way): `requestId`, `req.method`, `res.status`, `durationMs`, `route` (the template, known only
 * after routing) and `msg`, at `info`, or at `error` with `err` for a 5xx. Only these fields are
 * logged: never headers, bodies or query strings, which is what keeps tokens, cookies and passwords
 * out of the logs in the first place. Written directly rather than through pino-http, whose two
 * child loggers per request cost more than the line itself; one middleware and one pair of
 * listeners for both, as each layer and listener costs every request (docs/performance.md).
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  const lines = requestLineLogger(logger);
  return (req, res, next) => {
    const startedAt = performance.now();
    const requestId = requestIdFor(req, res);
    const logged = !unlogged(req.url);
    let done = false;
    const finish = (finished: boolean) => {
      if (done) return;
      done = true;
      const route = routeTemplate(req, res);
      const status = res.statusCode;
      const durationMs = performance.now() - startedAt;
      if (finished) metrics.httpRequestDuration.observe({ method: req.method, route, status: String(status) }, durationMs / 1000);
      if (!logged) return;
      const fields = { requestId, req: { method: req.method }, res: { status }, durationMs: Math.round(durationMs), route };
      const msg = `${req.method} ${route} ${status}`;
      // An error line carries `err`, whose message may hold anything: it takes the logger with
      // every redaction. The others hold only the fields above.
      if (res.err || status >= 500) logger.error({ ...fields, err: res.err ?? new Error(`failed with status code ${status}`) }, msg);
      else lines.info(fields, msg);
    };
    res.once('finish', () => finish(true));
    res.once('close', () => finish(false));
    next();
  };
}
