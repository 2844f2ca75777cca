import type { RouteDefinition, User } from '@todo/contracts';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { SessionRef } from '../auth/auth.service';
import { currentSession, currentUser } from '../auth/require-auth';
import type { AppError } from '../errors';
import { parseOrThrow } from './validate';

/** What a schema the route may declare parses to; `undefined` where the route declares none. */
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * What a handler is given: the route's params, query and body, each already parsed by the
 * contract's schema (defaults filled in, strings trimmed), and, behind auth, who is asking.
 */
export type RouteRequest<R extends RouteDefinition> = {
  readonly params: Parsed<R['params']>;
  readonly query: Parsed<R['query']>;
  readonly body: Parsed<R['body']>;
} & (R['auth'] extends true ? { readonly user: User; readonly session: SessionRef } : unknown);

/**
 * What a handler answers: exactly the route's success status, with a body of the route's success
 * schema (none for a 204). Errors are thrown (AppError), never returned: the error middleware
 * answers them.
 */
export type RouteReply<R extends RouteDefinition> = R['success']['schema'] extends z.ZodType
  ? {
      readonly status: R['success']['status'];
      readonly body: z.input<R['success']['schema']>;
      readonly headers?: Readonly<Record<string, string>>;
    }
  : { readonly status: R['success']['status']; readonly body?: never };

/** The reply of every 204 route; shared, as it never changes. */
export const noContent = { status: 204 } as const;

/** A streaming handler's answer when it wrote the response itself (see `onStreaming`). */
export const responded = Symbol('responded');

/** The path parameters as Express decoded them, before the route's schema checked them. */
type RawParams<P> = P extends z.ZodObject ? { readonly [K in keyof z.input<P>]: string } : never;

/**
 * How a route is mounted, beyond what the contract says.
 * - `before`: middleware run after the auth check and before the input is parsed (rate limits,
 *   which count an attempt whether or not its input is valid).
 * - `body`, `query`: what a 422 calls the input ("The task update is invalid"); the query's
 *   defaults to "query".
 * - `notFound`: the error for a path whose parameters fail the route's schema. Such a path names
 *   no resource, so it is answered as an unknown id is (404, with the service's message), and
 *   only after the query and body were validated, as an unknown id is.
 */
export type MountOptions<R extends RouteDefinition> = { readonly before?: readonly RequestHandler[] } & (R['body'] extends z.ZodType
  ? { readonly body: string }
  : unknown) &
  (R['query'] extends z.ZodType ? { readonly query?: string } : unknown) &
  (R['params'] extends z.ZodObject ? { readonly notFound: (params: RawParams<R['params']>) => AppError } : unknown);

export type RouteHandler<R extends RouteDefinition> = (request: RouteRequest<R>) => RouteReply<R> | Promise<RouteReply<R>>;

/** A handler that may write the response itself (server-sent events), returning `responded`. */
export type StreamingRouteHandler<R extends RouteDefinition> = (
  request: RouteRequest<R>,
  req: Request,
  res: Response,
) => RouteReply<R> | typeof responded | Promise<RouteReply<R> | typeof responded>;

export interface RouteMounter {
  /** Mounts a handler that answers with its return value only: it has no `req` or `res` to cast or write to. */
  readonly on: <R extends RouteDefinition>(route: R, options: NoInfer<MountOptions<R>>, handler: NoInfer<RouteHandler<R>>) => void;
  /** The escape hatch for a handler that streams: it gets `req` and `res` besides the parsed input. */
  readonly onStreaming: <R extends RouteDefinition>(
    route: R,
    options: NoInfer<MountOptions<R>>,
    handler: NoInfer<StreamingRouteHandler<R>>,
  ) => void;
}

/** The options as the parser reads them, whatever the route. */
interface AnyMountOptions {
  readonly before?: readonly RequestHandler[];
  readonly body?: string;
  readonly query?: string;
  readonly notFound?: (params: Readonly<Record<string, string>>) => AppError;
}

/**
 * Returns `on(route, options, handler)`, which mounts a handler with the method and path the
 * contract's route table declares (`@todo/contracts` `routes`) and governs it by the route: a
 * route the table marks `auth` gets the bearer-token check first, so no route can become public by
 * a forgotten middleware; the params, query and body are parsed by the route's schemas before the
 * handler runs; and the handler's reply is typed against the route's success status and schema.
 * Parsing is one plain function call inside the route's one handler: no middleware per step.
 */
export function routeMounter(router: Router, requireAuth: RequestHandler): RouteMounter {
  const mount = (route: RouteDefinition, options: AnyMountOptions, handler: RequestHandler) => {
    router[route.method](route.path, ...(route.auth ? [requireAuth] : []), ...(options.before ?? []), handler);
  };
  return {
    on(route, options, handler) {
      const parse = requestParser(route, options);
      const run = handler as (request: unknown) => AnyReply | Promise<AnyReply>;
      mount(route, options, async (req, res) => {
        sendReply(res, await run(parse(req, res)));
      });
    },
    onStreaming(route, options, handler) {
      const parse = requestParser(route, options);
      const run = handler as (request: unknown, req: Request, res: Response) => AnyReply | symbol | Promise<AnyReply | symbol>;
      mount(route, options, async (req, res) => {
        const reply = await run(parse(req, res), req, res);
        if (reply !== responded) sendReply(res, reply as AnyReply);
      });
    },
  };
}

interface AnyReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

function sendReply(res: Response, reply: AnyReply): void {
  if (reply.headers) res.set(reply.headers);
  if (reply.body === undefined) res.status(reply.status).end();
  else res.status(reply.status).json(reply.body);
}

/** The route's input parser, built once per route: one function call per request. */
function requestParser(route: RouteDefinition, options: AnyMountOptions): (req: Request, res: Response) => unknown {
  const { query: querySchema, body: bodySchema } = route;
  const queryName = options.query ?? 'query';
  const bodyName = options.body ?? 'request';
  const parseParams = route.params ? paramsParser(route, route.params, options.notFound) : undefined;
  return (req, res) => {
    // Query and body before params: a malformed id is then answered exactly as an unknown one.
    const query: unknown = querySchema ? parseOrThrow(querySchema, req.query, queryName) : undefined;
    const body: unknown = bodySchema ? parseOrThrow(bodySchema, req.body, bodyName) : undefined;
    const params = parseParams ? parseParams(req.params as Readonly<Record<string, string>>) : undefined;
    if (!route.auth) return { params, query, body };
    return { params, query, body, user: currentUser(res), session: currentSession(res) };
  };
}

function paramsParser(
  route: RouteDefinition,
  schema: z.ZodObject,
  notFound: AnyMountOptions['notFound'],
): (raw: Readonly<Record<string, string>>) => unknown {
  // The types require notFound for such a route; this catches a mount that cast its way around them.
  if (!notFound) throw new Error(`${route.method} ${route.path}: a route with path parameters needs notFound`);
  return (raw) => {
    const result = schema.safeParse(raw);
    if (!result.success) throw notFound(raw);
    return result.data;
  };
}
