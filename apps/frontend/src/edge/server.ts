/**
 * The entry point of the standalone frontend server (`node server.js`). `npm run build` bundles this
 * file to .next/standalone/apps/frontend/server.js and renames the server.js Next.js generated to
 * next-server.js, which it then loads (scripts/prepare-standalone.mjs).
 *
 * It checks the environment first (settings.ts: a bad or missing variable stops the start, named).
 * Browsers then reach the front server (front-server.ts) on PORT/HOSTNAME: it rewrites the
 * forwarding headers, answers `/api/v1/*` itself where it can (api-proxy.ts; `API_FAST_PATH=off`
 * turns that off), and passes the rest to Next.js' server, which this starts on a free loopback port
 * (the generated next-server.js reads PORT and HOSTNAME when it is loaded).
 */
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createApiProxy } from './api-proxy';
import { createFrontServer } from './front-server';
import { FrontendSettingsError, loadFrontendSettings, type FrontendSettings } from './settings';

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

async function main() {
  let settings: FrontendSettings;
  try {
    settings = loadFrontendSettings(process.env);
  } catch (error) {
    if (error instanceof FrontendSettingsError) fail(error.message);
    throw error;
  }
  const { port, hostname } = settings;
  const next = { host: '127.0.0.1', port: await freeLoopbackPort() };

  const fastPath = createApiProxy({ backendUrl: settings.backendUrl, enabled: settings.apiFastPath });
  const front = createFrontServer({ hops: settings.trustedProxyHops, fastPath, next });
  if (settings.keepAliveTimeoutMs !== undefined) front.keepAliveTimeout = settings.keepAliveTimeoutMs;
  front.once('error', (error) => fail(`The frontend cannot listen on ${hostname}:${port}: ${error.message}`));
  front.listen(port, hostname, () => {
    process.stdout.write(
      `Frontend listening on http://${hostname}:${port} (Next.js on ${next.host}:${next.port}; /api/v1 fast path ${settings.apiFastPath ? 'on' : 'off'})\n`,
    );
  });

  // Next.js' route handlers read BACKEND_URL per request (src/lib/backend-url.ts): the checked value.
  process.env.BACKEND_URL = settings.backendUrl;
  process.env.PORT = String(next.port);
  process.env.HOSTNAME = next.host;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated server, loaded at run time beside this file
  require('./next-server.js');
}

void main();
