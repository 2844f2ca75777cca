import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFrontDoor, describeResponse, parseSetCookie } from './front-door';

describe('parseSetCookie', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');

  it.each([
    ['todo_session=abc.def; Path=/; HttpOnly; SameSite=lax; Max-Age=604800', { name: 'todo_session', value: 'abc.def' }],
    ['todo_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', { name: 'todo_session', value: undefined }],
    ['todo_session=abc; Max-Age=0', { name: 'todo_session', value: undefined }],
    ['todo_session=abc; Expires=Fri, 27 Nov 2026 12:00:00 GMT', { name: 'todo_session', value: 'abc' }],
  ])('when the header is %s, then %j', (header, expected) => {
    expect(parseSetCookie(header, now)).toEqual(expected);
  });

  it('when the header has no name, then it is ignored', () => {
    expect(parseSetCookie('=abc; Path=/', now)).toBeUndefined();
  });
});

describe('createFrontDoor', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{ method?: string; url?: string; cookie?: string; body: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, cookie: req.headers.cookie, body });
        if (req.url === '/login') {
          res.writeHead(201, {
            'set-cookie': ['todo_session=t0k3n; Path=/; HttpOnly', 'other=1; Path=/'],
            'content-type': 'application/json',
          });
          res.end(JSON.stringify({ user: { id: 'u1' } }));
        } else if (req.url === '/logout') {
          res.writeHead(401, { 'set-cookie': 'todo_session=; Path=/; Max-Age=0', 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'The account no longer exists' } }));
        } else {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html>hello</html>');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when the server sets cookies, then they are sent back on the next requests until deleted', async () => {
    const door = createFrontDoor(baseUrl, 2000);

    const login = await door.request('POST', '/login', { email: 'a@example.com' });
    await door.request('GET', '/page');
    const logout = await door.request('DELETE', '/logout');
    await door.request('GET', '/page');

    expect(login).toEqual({ status: 201, body: { user: { id: 'u1' } }, text: '{"user":{"id":"u1"}}' });
    expect(seen.map((s) => [s.method, s.url, s.cookie, s.body])).toEqual([
      ['POST', '/login', undefined, '{"email":"a@example.com"}'],
      ['GET', '/page', 'todo_session=t0k3n; other=1', ''],
      ['DELETE', '/logout', 'todo_session=t0k3n; other=1', ''],
      ['GET', '/page', 'other=1', ''],
    ]);
    expect(door.cookieNames()).toEqual(['other']);
    expect(door.baseUrl).toBe(baseUrl.slice(0, -1));
    expect(describeResponse(logout)).toBe('401 unauthorized: The account no longer exists');
  });

  it('when the body is not JSON, then body is undefined and the description shows the text', async () => {
    const door = createFrontDoor(baseUrl, 2000);

    const page = await door.request('GET', '/page');

    expect(page.body).toBeUndefined();
    expect(describeResponse(page)).toBe('200 <html>hello</html>');
  });
});
