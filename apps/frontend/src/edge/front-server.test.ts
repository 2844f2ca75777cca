/** @jest-environment node */
import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '@todo/testkit/http-request';
import { createApiProxy } from './api-proxy';
import { createFrontServer } from './front-server';

/** A stand-in for the backend or for Next.js' server: records what reached it, answers with `answer`. */
interface Upstream {
  server: Server;
  url: string;
  port: number;
  seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Promise<string> }[];
  answer: (req: IncomingMessage, res: ServerResponse) => void;
}

async function upstream(): Promise<Upstream> {
  const ok = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  const stub = { seen: [], answer: ok } as unknown as Upstream;
  stub.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    const body = new Promise<string>((resolve) => req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))));
    stub.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    stub.answer(req, res);
  });
  stub.server.listen(0, '127.0.0.1');
  await once(stub.server, 'listening');
  stub.port = (stub.server.address() as AddressInfo).port;
  stub.url = `http://127.0.0.1:${stub.port}`;
  return stub;
}

let backend: Upstream;
let next: Upstream;
let front: Server;
let frontUrl: string;
let enabled = true;

beforeAll(async () => {
  backend = await upstream();
  next = await upstream();
  const fastPath = createApiProxy({ backendUrl: backend.url, enabled: true });
  const off = createApiProxy({ backendUrl: backend.url, enabled: false });
  front = createFrontServer({
    hops: 0,
    fastPath: (req, res) => (enabled ? fastPath : off)(req, res),
    next: { host: '127.0.0.1', port: next.port },
  });
  front.listen(0, '127.0.0.1');
  await once(front, 'listening');
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const server of [front, backend.server, next.server]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

beforeEach(() => {
  enabled = true;
  backend.seen.length = 0;
  next.seen.length = 0;
  backend.answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});

describe('the /api/v1 fast path', () => {
  it('when a browser lists its tasks, then the backend gets the bearer token, a request id and the vouched-for client, never the cookie', async () => {
    const answer = await send(`${frontUrl}/api/v1/tasks?limit=5`, {
      headers: { cookie: 'theme=dark; todo_session=a.b-c_d', 'x-forwarded-for': '198.51.100.1' },
    });

    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(next.seen).toEqual([]);
    expect(backend.seen).toHaveLength(1);
    const [seen] = backend.seen;
    expect(seen).toMatchObject({ method: 'GET', url: '/api/v1/tasks?limit=5' });
    expect(seen?.headers).toMatchObject({ authorization: 'Bearer a.b-c_d', 'x-forwarded-for': '127.0.0.1' });
    expect(seen?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen?.headers.cookie).toBeUndefined();
    expect(answer.headers).toMatchObject({
      'cache-control': 'no-store, no-transform',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'x-frame-options': 'DENY',
      'x-request-id': seen?.headers['x-request-id'],
    });
  });

  it('when a DELETE carries a body (deleting the account), then the backend gets the body', async () => {
    const body = '{"currentPassword":"correct horse"}';
    const answer = await send(`${frontUrl}/api/v1/auth/me`, {
      method: 'DELETE',
      headers: { cookie: 'todo_session=a.b', 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });

    expect(answer.status).toBe(200);
    expect(await backend.seen[0]?.body).toBe(body);
  });

  it('when the backend answers 401, then the session cookie is cleared', async () => {
    backend.answer = (_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{}}');

    const answer = await send(`${frontUrl}/api/v1/tasks`, { headers: { cookie: 'todo_session=expired' } });

    expect(answer.status).toBe(401);
    expect(answer.headers['set-cookie']).toEqual(['todo_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  });

  it('when a write comes from another origin, then it is refused before the backend sees it', async () => {
    const answer = await send(`${frontUrl}/api/v1/tasks`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });

    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'forbidden', message: 'Cross-origin requests are not allowed.' } });
    expect(backend.seen).toEqual([]);
  });

  it('when the backend streams its answer, then each chunk reaches the browser as it is sent', async () => {
    let finish: () => void = () => undefined;
    backend.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      finish = () => res.end('data: last\n\n');
    };

    const first = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${frontUrl}/api/v1/conversations/c1/messages`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.once('data', (chunk: Buffer) => {
            resolve(chunk.toString());
            finish();
            res.resume();
          });
        },
      );
      req.on('error', reject);
      req.end('{"content":"hi"}');
    });

    expect(first).toBe('data: first\n\n');
  });

  it('when the backend is unreachable, then the browser gets 503 and the error body', async () => {
    const proxy = createApiProxy({ backendUrl: 'http://127.0.0.1:9', enabled: true });
    const lone = createFrontServer({ hops: 0, fastPath: proxy, next: { host: '127.0.0.1', port: next.port } });
    lone.listen(0, '127.0.0.1');
    await once(lone, 'listening');
    try {
      const answer = await send(`http://127.0.0.1:${(lone.address() as AddressInfo).port}/api/v1/tasks`);

      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'service_unavailable', message: 'The backend is unreachable. Try again in a moment.' },
      });
    } finally {
      lone.closeAllConnections();
      await new Promise((resolve) => lone.close(resolve));
    }
  });
});

describe('what the fast path leaves to Next.js', () => {
  it.each([
    ['a page', 'GET', '/tasks'],
    ['a HEAD (Next.js answers it from GET)', 'HEAD', '/api/v1/tasks'],
    ['an OPTIONS', 'OPTIONS', '/api/v1/tasks'],
    ['a percent-encoded segment', 'GET', '/api/v1/tasks%2F1'],
    ['a dot segment', 'GET', '/api/v1/tasks/../auth/me'],
    ['a trailing slash (Next.js redirects)', 'GET', '/api/v1/tasks/'],
    ['the session routes', 'POST', '/api/session/login'],
  ])('when the request is %s, then Next.js gets it unchanged, with the Host the browser sent', async (_case, method, path) => {
    const answer = await send(`${frontUrl}${path}`, { method, headers: { host: 'todo.example:8080', 'x-forwarded-for': '198.51.100.1' } });

    expect(answer.status).toBe(200);
    expect(backend.seen).toEqual([]);
    expect(next.seen).toMatchObject([{ method, url: path, headers: { host: 'todo.example:8080', 'x-forwarded-for': '127.0.0.1' } }]);
  });

  it('when a session cookie is not a plain token, then Next.js reads it', async () => {
    await send(`${frontUrl}/api/v1/tasks`, { headers: { cookie: 'todo_session=a%20b' } });

    expect(backend.seen).toEqual([]);
    expect(next.seen).toHaveLength(1);
  });

  it('when API_FAST_PATH is off, then every /api/v1 request goes to Next.js', async () => {
    enabled = false;

    await send(`${frontUrl}/api/v1/tasks`, { headers: { cookie: 'todo_session=a.b' } });

    expect(backend.seen).toEqual([]);
    expect(next.seen).toHaveLength(1);
  });

  it('when Next.js is not listening yet, then the browser gets a 502 that says so', async () => {
    const early = createFrontServer({ hops: 0, fastPath: () => false, next: { host: '127.0.0.1', port: 9 } });
    early.listen(0, '127.0.0.1');
    await once(early, 'listening');
    try {
      const answer = await send(`http://127.0.0.1:${(early.address() as AddressInfo).port}/`);

      expect(answer).toEqual(
        expect.objectContaining({ status: 502, body: 'The web server is starting or restarting. Try again in a moment.\n' }),
      );
    } finally {
      early.closeAllConnections();
      await new Promise((resolve) => early.close(resolve));
    }
  });
});
