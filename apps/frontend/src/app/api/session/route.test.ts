/** @jest-environment node */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { DELETE } from './route';

let backend: Server;
let answer = 204;
const received: Array<{ method?: string; url?: string; authorization?: string }> = [];

beforeAll(async () => {
  backend = createServer((req: IncomingMessage, res) => {
    received.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    res.writeHead(answer, { 'content-type': 'application/json' });
    res.end(
      answer === 204 ? undefined : JSON.stringify({ error: { code: 'unauthorized', message: 'The session has ended; log in again' } }),
    );
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  process.env.BACKEND_URL = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.BACKEND_URL;
  await new Promise((resolve) => backend.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const logout = (cookie?: string) =>
  DELETE(new NextRequest('http://localhost:3000/api/session', { method: 'DELETE', headers: cookie ? { cookie } : {} }));
const clearsCookie = (response: Response) => /^todo_session=;.*Expires=Thu, 01 Jan 1970/i.test(response.headers.get('set-cookie') ?? '');

describe('DELETE /api/session', () => {
  it('when the backend ends the session, then the cookie is cleared and the backend got POST /auth/logout with the token', async () => {
    answer = 204;

    const response = await logout('todo_session=the-token');

    expect(response.status).toBe(204);
    expect(clearsCookie(response)).toBe(true);
    expect(received).toEqual([{ method: 'POST', url: '/api/v1/auth/logout', authorization: 'Bearer the-token' }]);
  });

  it('when the session had already ended (401), then the cookie is cleared all the same', async () => {
    answer = 401;

    const response = await logout('todo_session=stale');

    expect(response.status).toBe(204);
    expect(clearsCookie(response)).toBe(true);
  });

  it('when the backend cannot be reached, then 503 and the cookie stays: the session is still alive', async () => {
    const saved = process.env.BACKEND_URL;
    process.env.BACKEND_URL = 'http://127.0.0.1:1';
    try {
      const response = await logout('todo_session=the-token');

      expect(response.status).toBe(503);
      expect(response.headers.get('set-cookie')).toBeNull();
    } finally {
      process.env.BACKEND_URL = saved;
    }
  });

  it('when there is no session cookie, then 204 without calling the backend', async () => {
    const response = await logout();

    expect(response.status).toBe(204);
    expect(received).toEqual([]);
  });
});
