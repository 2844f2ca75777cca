/**
 * The BFF's reference point: a bare `node:http` reverse proxy doing for `/api/v1/*` what the
 * frontend's route handler does (apps/frontend/src/app/api/v1/[...path]/route.ts) and nothing else:
 * the session cookie becomes the bearer token, the request is forwarded on a kept-alive connection,
 * the answer streams back. No routing framework, no origin check, no request id. The bench reports
 * the frontend's figures on the BFF path as ratios to this. Env: BACKEND_URL, PORT.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const backend = new URL(process.env.BACKEND_URL ?? '');
if (!process.env.BACKEND_URL) throw new Error('BACKEND_URL must be set');
const SESSION = /(?:^|;\s*)todo_session=([^;]+)/;
const agent = new Agent({ keepAlive: true });

const server = createServer((req, res) => {
  const token = SESSION.exec(req.headers.cookie ?? '')?.[1];
  const headers: Record<string, string> = {};
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  if (token) headers.authorization = `Bearer ${token}`;
  const upstream = request({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, {
      'content-type': answer.headers['content-type'] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    answer.pipe(res);
  });
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`bare proxy listening on ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close());
