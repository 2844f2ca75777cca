import type { RouteDefinition, User } from '@todo/contracts';
import express, { Router, type RequestHandler } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { NotFoundError, UnauthorizedError } from '../errors';
import { errorHandler } from './error-handler';
import { noContent, responded, routeMounter } from './routes';

const itemSchema = z.object({ id: z.uuid(), name: z.string(), limit: z.number() });

/** A small route table of the contract's shape, covering what the mounter reads. */
const testRoutes = {
  update: {
    method: 'patch',
    path: '/items/:id',
    summary: 'Rename an item',
    auth: true,
    params: z.object({ id: z.uuid() }),
    query: z.strictObject({ limit: z.coerce.number().int().default(20) }),
    body: z.strictObject({ name: z.string().trim().min(1) }),
    success: { status: 200, description: 'The item', schema: itemSchema },
  },
  create: {
    method: 'post',
    path: '/items',
    summary: 'Create an item',
    auth: false,
    body: z.strictObject({ name: z.string() }),
    success: { status: 201, description: 'Created', schema: itemSchema },
  },
  remove: {
    method: 'delete',
    path: '/items/:id',
    summary: 'Delete an item',
    auth: true,
    params: z.object({ id: z.uuid() }),
    success: { status: 204, description: 'Deleted', schema: null },
  },
  stream: {
    method: 'get',
    path: '/stream',
    summary: 'Stream',
    auth: false,
    success: { status: 200, description: 'Events', schema: itemSchema },
  },
} as const satisfies Record<string, RouteDefinition>;

const user: User = { id: '11111111-1111-4111-8111-111111111111', email: 'a@example.com', createdAt: '2026-01-01T00:00:00.000Z' };
const itemId = '22222222-2222-4222-8222-222222222222';

/** Accepts `Bearer ok` only, as requireAuth would, and records the order of the steps. */
function appWith(mountRoutes: (on: ReturnType<typeof routeMounter>, steps: string[]) => void) {
  const steps: string[] = [];
  const requireAuth: RequestHandler = (req, res, next) => {
    steps.push('auth');
    if (req.headers.authorization !== 'Bearer ok') throw new UnauthorizedError();
    res.locals.user = user;
    res.locals.sessionId = 'session-1';
    next();
  };
  const router = Router();
  mountRoutes(routeMounter(router, requireAuth), steps);
  const app = express();
  app.use(express.json());
  app.use(router);
  app.use(errorHandler);
  return { app, steps };
}

const itemNotFound = ({ id }: { id: string }) => new NotFoundError(`Item ${id} not found`);

describe('routeMounter', () => {
  it('when the input is valid, then the handler gets it parsed with defaults, who is asking, and its reply is sent', async () => {
    const seen: unknown[] = [];
    const { app } = appWith(({ on }) =>
      on(testRoutes.update, { body: 'item update', notFound: itemNotFound }, (input) => {
        seen.push(input);
        return { status: 200, body: { id: input.params.id, name: input.body.name, limit: input.query.limit } };
      }),
    );

    const res = await request(app).patch(`/items/${itemId}`).set('authorization', 'Bearer ok').send({ name: '  Pen ' });

    expect([res.status, res.body]).toEqual([200, { id: itemId, name: 'Pen', limit: 20 }]);
    expect(seen).toEqual([
      { params: { id: itemId }, query: { limit: 20 }, body: { name: 'Pen' }, user, session: { userId: user.id, sessionId: 'session-1' } },
    ]);
  });

  it('when the query or the body is invalid, then 422 names it and the handler never runs', async () => {
    const handler = jest.fn(() => ({ status: 200 as const, body: { id: itemId, name: 'x', limit: 1 } }));
    const { app } = appWith(({ on }) => on(testRoutes.update, { body: 'item update', notFound: itemNotFound }, handler));

    const badQuery = await request(app).patch(`/items/${itemId}?limit=x`).set('authorization', 'Bearer ok').send({ name: 'Pen' });
    const badBody = await request(app).patch(`/items/${itemId}`).set('authorization', 'Bearer ok').send({ name: ' ' });

    expect([badQuery.status, badQuery.body.error.message]).toEqual([422, 'The query is invalid']);
    expect([badBody.status, badBody.body]).toEqual([
      422,
      {
        error: {
          code: 'validation_failed',
          message: 'The item update is invalid',
          details: [{ path: 'name', message: 'Too small: expected string to have >=1 characters' }],
        },
      },
    ]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('when the path parameters fail their schema, then the route answers notFound, after the body was validated', async () => {
    const handler = jest.fn(() => ({ status: 200 as const, body: { id: itemId, name: 'x', limit: 1 } }));
    const { app } = appWith(({ on }) => on(testRoutes.update, { body: 'item update', notFound: itemNotFound }, handler));

    const malformed = await request(app).patch('/items/not-an-id').set('authorization', 'Bearer ok').send({ name: 'Pen' });
    const malformedAndBadBody = await request(app).patch('/items/not-an-id').set('authorization', 'Bearer ok').send({});

    expect([malformed.status, malformed.body]).toEqual([404, { error: { code: 'not_found', message: 'Item not-an-id not found' } }]);
    expect([malformedAndBadBody.status, malformedAndBadBody.body.error.code]).toEqual([422, 'validation_failed']);
    expect(handler).not.toHaveBeenCalled();
  });

  it('when the route needs auth, then the token is checked before `before` and before the input is parsed', async () => {
    const { app, steps } = appWith(({ on }, log) => {
      const before: RequestHandler = (_req, _res, next) => {
        log.push('before');
        next();
      };
      on(testRoutes.update, { before: [before], body: 'item update', notFound: itemNotFound }, () => {
        log.push('handler');
        return { status: 200, body: { id: itemId, name: 'x', limit: 1 } };
      });
    });

    const anonymous = await request(app).patch('/items/not-an-id').send({});
    const counted = await request(app).patch('/items/not-an-id').set('authorization', 'Bearer ok').send({});

    expect([anonymous.status, counted.status]).toEqual([401, 422]);
    expect(steps).toEqual(['auth', 'auth', 'before']);
  });

  it('when the reply has headers or no body, then they go out as given: 201 with Location, 204 empty', async () => {
    const { app } = appWith(({ on }) => {
      on(testRoutes.create, { body: 'item' }, ({ body }) => ({
        status: 201,
        body: { id: itemId, name: body.name, limit: 1 },
        headers: { Location: `/items/${itemId}` },
      }));
      on(testRoutes.remove, { notFound: itemNotFound }, () => noContent);
    });

    const created = await request(app).post('/items').send({ name: 'Pen' });
    const removed = await request(app).delete(`/items/${itemId}`).set('authorization', 'Bearer ok');

    expect([created.status, created.headers.location, created.body]).toEqual([
      201,
      `/items/${itemId}`,
      { id: itemId, name: 'Pen', limit: 1 },
    ]);
    expect([removed.status, removed.text, removed.headers['content-type']]).toEqual([204, '', undefined]);
  });

  it('when a streaming handler wrote the response itself, then nothing more is sent; else its reply is', async () => {
    const { app } = appWith(({ onStreaming }) =>
      onStreaming(testRoutes.stream, {}, (_input, req, res) => {
        if (req.query.raw === undefined) return { status: 200, body: { id: itemId, name: 'json', limit: 1 } };
        res.status(200).type('text/event-stream').end('event: done\n\n');
        return responded;
      }),
    );

    const raw = await request(app).get('/stream?raw');
    const json = await request(app).get('/stream');

    expect([raw.status, raw.text]).toEqual([200, 'event: done\n\n']);
    expect([json.status, json.body]).toEqual([200, { id: itemId, name: 'json', limit: 1 }]);
  });

  it('when a route with path parameters is mounted without notFound, then mounting throws', () => {
    const { on } = routeMounter(Router(), (_req, _res, next) => next());
    const options = {} as Parameters<typeof on<typeof testRoutes.remove>>[1];

    expect(() => on(testRoutes.remove, options, () => noContent)).toThrow('delete /items/:id: a route with path parameters needs notFound');
  });
});

/**
 * What the types forbid, checked by `npm run typecheck` (each line must fail to compile). Never
 * called: mounting is enough for the compiler.
 */
export function typeChecks(on: ReturnType<typeof routeMounter>['on']): void {
  // @ts-expect-error a handler cannot answer another status than the route's success
  on(testRoutes.create, { body: 'item' }, ({ body }) => ({ status: 200, body: { id: itemId, name: body.name, limit: 1 } }));
  // @ts-expect-error nor a body of another shape
  on(testRoutes.create, { body: 'item' }, () => ({ status: 201, body: { id: itemId } }));
  // @ts-expect-error a 204 route answers no body
  on(testRoutes.remove, { notFound: itemNotFound }, () => ({ status: 204, body: {} }));
  // @ts-expect-error a route with path parameters needs notFound
  on(testRoutes.remove, {}, () => noContent);
  // @ts-expect-error a route with a body needs its name for the 422
  on(testRoutes.create, {}, () => ({ status: 201, body: { id: itemId, name: 'x', limit: 1 } }));
  // @ts-expect-error a route without auth has no user
  on(testRoutes.create, { body: 'item' }, ({ user: who }) => ({ status: 201, body: { id: who.id, name: 'x', limit: 1 } }));
  // @ts-expect-error a plain handler returns its reply, never `responded`
  on(testRoutes.stream, {}, () => responded);
}
