import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom, requestIdHeader } from '@todo/contracts';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { routeTemplate } from './route-template';

/** The caller's request id if it is short and plain (the contract's rule, shared with the frontend), else a new one. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFrom(req.headers[requestIdHeader]);
  res.setHeader(requestIdHeader, id);
  return id;
}

/**
 * One JSON log line per request (method, route template, status, duration, request id) and the
 * latency histogram. Only chosen fields are logged: never headers, bodies or query strings, which
 * is what keeps tokens, cookies and passwords out of the logs in the first place.
 */
export function requestContext(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestIdFor,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    serializers: {
      req: (req: { method: string }) => ({ method: req.method }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    // Added when the response is done: the route template is only known after routing.
    customSuccessObject: (req, res, value: Record<string, unknown>) => ({ ...value, route: routeTemplate(req as never, res as never) }),
    customErrorObject: (req, res, _error, value: Record<string, unknown>) => ({
      ...value,
      route: routeTemplate(req as never, res as never),
    }),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${routeTemplate(req as never, res as never)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeTemplate(req as never, res as never)} ${res.statusCode}`,
    // Health probes hit every few seconds per pod; their metrics are enough.
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
    wrapSerializers: false,
  });
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
