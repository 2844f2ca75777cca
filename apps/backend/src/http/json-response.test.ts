import express, { type Response } from 'express';
import request from 'supertest';
import { installDirectJson } from './json-response';

const big = { items: Array.from({ length: 40 }, (_, i) => ({ id: i, title: `Task ${i} — ünïcode`, done: i % 2 === 0 })), nextCursor: null };

/** Each case answers through `res.json`; the two apps differ only in `installDirectJson`. */
const cases: Record<string, (res: Response) => void> = {
  'a large body': (res) => res.json(big),
  'a small body': (res) => res.json({ ok: true }),
  'a status set before': (res) => res.status(201).json(big),
  'a 204': (res) => res.status(204).json(big),
  'a Content-Type set before': (res) => res.type('application/problem+json').json(big),
  'a string value': (res) => res.json('just a string'),
  'undefined': (res) => res.json(undefined),
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

  it.each(Object.keys(cases))('when the route answers %s, then status, headers (names, case, values) and body are what Express sends', async (name) => {
    const path = `/${encodeURIComponent(name)}`;

    expect(await answer(direct, path)).toEqual(await answer(plain, path));
  });

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
