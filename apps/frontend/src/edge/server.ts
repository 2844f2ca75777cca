/**
 * The entry point of the standalone frontend server (`node server.js`). `npm run build` bundles this
 * file to .next/standalone/apps/frontend/server.js and renames the server.js Next.js generated to
 * next-server.js, which it then loads (scripts/prepare-standalone.mjs).
 *
 * Browsers reach the front server (front-server.ts) on PORT/HOSTNAME: it rewrites the forwarding
 * headers, answers `/api/v1/*` itself where it can (api-proxy.ts; `API_FAST_PATH=off` turns that
 * off), and passes the rest to Next.js' server, which this starts on a free loopback port (the
 * generated next-server.js reads PORT and HOSTNAME when it is loaded).
 */
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { backendUrl } from '../lib/backend-url';
import { createApiProxy } from './api-proxy';
import { trustedProxyHopsFrom } from './client-address';
import { createFrontServer } from './front-server';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** A port nothing listens on now, on the loopback interface. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function apiFastPathFrom(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  return fail(`API_FAST_PATH must be "on" (the default) or "off"; got "${value}"`);
}

async function main() {
  let hops: number;
  try {
    hops = trustedProxyHopsFrom(process.env.TRUSTED_PROXY_HOPS);
  } catch (error) {
    return fail((error as Error).message);
  }
  const enabled = apiFastPathFrom(process.env.API_FAST_PATH);
  const port = Number.parseInt(process.env.PORT ?? '', 10) || 3000;
  const hostname = process.env.HOSTNAME || '0.0.0.0';
  const next = { host: '127.0.0.1', port: await freeLoopbackPort() };

  const front = createFrontServer({ hops, fastPath: createApiProxy({ backendUrl: backendUrl(), enabled }), next });
  const keepAliveTimeout = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? '', 10);
  if (Number.isFinite(keepAliveTimeout)) front.keepAliveTimeout = keepAliveTimeout;
  front.once('error', (error) => fail(`The frontend cannot listen on ${hostname}:${port}: ${error.message}`));
  front.listen(port, hostname, () => {
    process.stdout.write(`Frontend listening on http://${hostname}:${port} (Next.js on ${next.host}:${next.port}; /api/v1 fast path ${enabled ? 'on' : 'off'})\n`);
  });

  process.env.PORT = String(next.port);
  process.env.HOSTNAME = next.host;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated server, loaded at run time beside this file
  require('./next-server.js');
}

void main();
