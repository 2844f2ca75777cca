import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeBackend, throwawayCredentials } from './steps';

/** A server on loopback answering every request with `status` and `body`. */
async function serve(status: number, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('probeBackend', () => {
  it("when the address answers in the API's error shape (the backend's 401), then it is reachable", async () => {
    const backend = await serve(401, JSON.stringify({ error: { code: 'unauthorized', message: 'Authentication required' } }));
    try {
      await expect(probeBackend(backend.url, 2000)).resolves.toEqual({
        reachable: true,
        detail: `${backend.url}/api/v1/auth/me answered 401 from the API`,
      });
    } finally {
      await backend.close();
    }
  });

  it('when something else answers there (an ingress controller 404 page), then it is not the API', async () => {
    const other = await serve(404, '<html>default backend - 404</html>');
    try {
      await expect(probeBackend(other.url, 2000)).resolves.toEqual({ reachable: false, detail: `${other.url}: 404, not the API` });
    } finally {
      await other.close();
    }
  });

  it('when nothing listens there, then it is not reachable and the detail names the refusal', async () => {
    const gone = await serve(200, '{}');
    await gone.close();

    await expect(probeBackend(gone.url, 2000)).resolves.toEqual({ reachable: false, detail: `${gone.url}: ECONNREFUSED` });
  });
});

describe('throwawayCredentials', () => {
  it('when called twice in the same second, then two distinct smoke-<UTC stamp>-<hex> addresses and long passwords', () => {
    const now = new Date('2026-11-26T12:34:56.789Z');

    const [a, b] = [throwawayCredentials(now), throwawayCredentials(now)];

    expect(a.email).toMatch(/^smoke-20261126123456-[0-9a-f]{8}@example\.com$/);
    expect(b.email).not.toBe(a.email);
    expect(a.password).toHaveLength(24);
  });
});
