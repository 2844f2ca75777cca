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
 * One JSON log line per request, when the response is done (or the connection closed first):
 * `requestId`, `req.method`, `res.status`, `durationMs`, `route` (the template, known only after
 * routing) and `msg`, at `info`, or at `error` with `err` for a 5xx. Only these fields are logged:
 * never headers, bodies or query strings, which is what keeps tokens, cookies and passwords out of
 * the logs in the first place. Written directly rather than through pino-http, whose two child
 * loggers per request cost more than the line itself.
 */
export function requestContext(logger: Logger): RequestHandler {
  const lines = requestLineLogger(logger);
  return (req, res, next) => {
    const startedAt = performance.now();
    const requestId = requestIdFor(req, res);
    if (!unlogged(req.url)) {
      let logged = false;
      const done = () => {
        if (logged) return;
        logged = true;
        const route = routeTemplate(req, res);
        const status = res.statusCode;
        const fields = { requestId, req: { method: req.method }, res: { status }, durationMs: Math.round(performance.now() - startedAt), route };
        const msg = `${req.method} ${route} ${status}`;
        // An error line carries `err`, whose message may hold anything: it takes the logger with
        // every redaction. The others hold only the fields above.
        if (res.err || status >= 500) logger.error({ ...fields, err: res.err ?? new Error(`failed with status code ${status}`) }, msg);
        else lines.info(fields, msg);
      };
      res.once('finish', done);
      res.once('close', done);
    }
    next();
  };
}

export function recordDuration(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      stop({ method: req.method, route: routeTemplate(req, res), status: String(res.statusCode) });
    });
    next();
  };
}
