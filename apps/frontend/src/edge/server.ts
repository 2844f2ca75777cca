/**
 * The entry point of the standalone frontend server (`node server.js`). `npm run build` bundles this
 * file to .next/standalone/apps/frontend/server.js and renames the server.js Next.js generated to
 * next-server.js, which it then loads (scripts/prepare-standalone.mjs).
 *
 * Before Next.js creates its HTTP server, it subscribes to Node's `http.server.request.start`
 * diagnostics channel. Node publishes on it for every request before the server's 'request' event
 * (lib/_http_server.js), so the forwarding headers are rewritten (`normalizeForwardedHeaders`)
 * before Next.js, the proxy.ts middleware or any route handler reads them. The subscription is in
 * place before the server listens: no request can arrive unrewritten.
 */
import { subscribe } from 'node:diagnostics_channel';
import { forwardedHeadersSubscriber, trustedProxyHopsFrom } from './client-address';

let hops: number;
try {
  hops = trustedProxyHopsFrom(process.env.TRUSTED_PROXY_HOPS);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

// Never throws (a subscriber's throw would be an uncaught exception): a failed rewrite drops the headers.
subscribe('http.server.request.start', forwardedHeadersSubscriber(hops));

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated server, loaded at run time beside this file
require('./next-server.js');
