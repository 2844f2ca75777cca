import type { AddressInfo } from 'node:net';
import express, { type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { checkFastPathRuntime, createHttpServer, installDirectJson, securityHeaders } from './fast-paths';

describe('createHttpServer', () => {
  it("when a request arrives, then its request and response already have the app's prototypes, and Express serves it as usual", async () => {
    const app = express();
    app.get('/hello/:name', (req, res) => {
      res.status(201).json({ name: req.params.name, query: req.query, app: req.app === app, res: res.req === req });
    });
    const server = createHttpServer(app);
    const atArrival: boolean[] = [];
    // Runs before Express (listeners run in order): what Node created, before any setPrototypeOf.
    server.prependListener('request', (req, res) => {
      atArrival.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/hello/ada?x=1`);

      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ name: 'ada', query: { x: '1' }, app: true, res: true });
      expect(atArrival).toEqual([true, true]);
    } finally {
      server.close();
    }
  });
});

const big = { items: Array.from({ length: 40 }, (_, i) => ({ id: i, title: `Task ${i} — ünïcode`, done: i % 2 === 0 })), nextCursor: null };

/** Each case answers through `res.json`; the two apps differ only in `installDirectJson`. */
const cases: Record<string, (res: Response) => void> = {
  'a large body': (res) => res.json(big),
  'a small body': (res) => res.json({ ok: true }),
  'a status set before': (res) => res.status(201).json(big),
  'a 204': (res) => res.status(204).json(big),
  'a Content-Type set before': (res) => res.type('application/problem+json').json(big),
  'a string value': (res) => res.json('just a string'),
  undefined: (res) => res.json(undefined),
};

function appFor(direct: boolean, etag = false) {
  const app = express();
  app.set('etag', etag);
  if (direct) installDirectJson(app);
  for (const [name, handler] of Object.entries(cases)) app.all(`/${encodeURIComponent(name)}`, (_req, res) => handler(res));
  return app;
}

async function answer(app: express.Express, path: string, method: 'get' | 'head' = 'get', headers: Record<string, string> = {}) {
  const res = await request(app)[method](path).set(headers);
  const { rawHeaders } = (res as unknown as { res: { rawHeaders: string[] } }).res;
  const names = rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() !== 'date');
  const { date: _date, ...headerValues } = res.headers;
  return { status: res.status, names, headerValues, text: res.text };
}

describe('installDirectJson', () => {
  const plain = appFor(false);
  const direct = appFor(true);

  it.each(Object.keys(cases))(
    'when the route answers %s, then status, headers (names, case, values) and body are what Express sends',
    async (name) => {
      const path = `/${encodeURIComponent(name)}`;

      expect(await answer(direct, path)).toEqual(await answer(plain, path));
    },
  );

  it('when the request is HEAD or a conditional request Express finds fresh, then the answer is still what Express sends', async () => {
    const path = `/${encodeURIComponent('a large body')}`;

    expect(await answer(direct, path, 'head')).toEqual(await answer(plain, path, 'head'));
    expect(await answer(direct, path, 'get', { 'if-none-match': '*' })).toEqual(await answer(plain, path, 'get', { 'if-none-match': '*' }));
  });

  it('when ETags are on, then Express answers (with its ETag, and 304 to a matching If-None-Match)', async () => {
    const path = `/${encodeURIComponent('a large body')}`;
    const [plainWithEtag, directWithEtag] = [appFor(false, true), appFor(true, true)];

    const first = await answer(directWithEtag, path);
    expect(first.headerValues.etag).toEqual(expect.any(String));
    expect(first).toEqual(await answer(plainWithEtag, path));
    const conditional = { 'if-none-match': String(first.headerValues.etag) };
    expect(await answer(directWithEtag, path, 'get', conditional)).toMatchObject({ status: 304 });
  });

  it('when a large body is answered, then it reaches Node as one string (Express alone hands over a Buffer copy)', async () => {
    const endedWith = async (app: express.Express) => {
      const kinds: string[] = [];
      const probe = express();
      probe.use((_req, res, next) => {
        const end = res.end.bind(res) as (...args: unknown[]) => Response;
        res.end = ((...args: unknown[]) => {
          kinds.push(Buffer.isBuffer(args[0]) ? 'buffer' : typeof args[0]);
          return end(...args);
        }) as Response['end'];
        next();
      });
      probe.use(app);
      await request(probe).get(`/${encodeURIComponent('a large body')}`);
      return kinds;
    };

    expect(await endedWith(direct)).toEqual(['string']);
    expect(await endedWith(plain)).toEqual(['buffer']);
  });

  it('when a large body goes the direct way, then it is sent with its UTF-8 length', async () => {
    const res = await request(direct).get(`/${encodeURIComponent('a large body')}`);

    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(big))));
    expect(res.body).toEqual(big);
  });
});

/** Every response header but the ones that change per response. */
async function headersOf(middleware: RequestHandler): Promise<{ raw: string[]; byName: Record<string, unknown> }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const res = await request(app).get('/');
  const byName = Object.fromEntries(Object.entries(res.headers).filter(([name]) => name !== 'date'));
  // The message's rawHeaders alternate name and value; the names keep the case they went out in.
  const { rawHeaders } = (res as unknown as { res: { rawHeaders: string[] } }).res;
  const raw = rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() !== 'date');
  return { raw, byName };
}

describe('securityHeaders', () => {
  it('when a response is sent, then it carries exactly the headers helmet() sets, same names, case and values', async () => {
    const replayed = await headersOf(securityHeaders());
    const fromHelmet = await headersOf(helmet());

    expect(replayed).toEqual(fromHelmet);
    expect(replayed.byName).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  it('when helmet is given options, then the replayed headers follow them', async () => {
    const options = { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } }, frameguard: { action: 'deny' as const } };

    expect(await headersOf(securityHeaders({ helmet: options }))).toEqual(await headersOf(helmet(options)));
    expect((await headersOf(securityHeaders({ helmet: options }))).byName['x-frame-options']).toBe('DENY');
  });
});

describe('checkFastPathRuntime', () => {
  it.each([
    ['20.20.2', '5.3.0'],
    ['24.22.3', '5.3.4'],
  ])('when Node is %s and Express %s (verified), then nothing is refused', (node, expressVersion) => {
    expect(checkFastPathRuntime({ node, express: expressVersion })).toBeUndefined();
  });

  it('when Node or Express is one the tricks were not verified on, then the message names it and the two ways out', () => {
    expect(checkFastPathRuntime({ node: '26.0.0', express: '5.4.0' })).toBe(
      'the fast paths (apps/backend/src/http/fast-paths.ts) were not verified on Node 26.0.0 (verified: 20, 24) and Express 5.4.0 (verified: 5.3.x): ' +
        'set FAST_PATHS=off, or verify them (npm test, npm run bench) and widen VERIFIED_NODE_MAJORS / VERIFIED_EXPRESS',
    );
  });
});

describe('securityHeaders with the fast paths off', () => {
  it('when a response is sent, then helmet itself sets the same headers as the replay', async () => {
    const headersOfApp = async (middleware: RequestHandler) => {
      const app = express();
      app.disable('x-powered-by');
      app.use(middleware);
      app.get('/', (_req, res) => res.json({ ok: true }));
      const res = await request(app).get('/');
      return Object.fromEntries(Object.entries(res.headers).filter(([name]) => name !== 'date'));
    };

    expect(await headersOfApp(securityHeaders({ fast: false }))).toEqual(await headersOfApp(securityHeaders()));
  });
});
