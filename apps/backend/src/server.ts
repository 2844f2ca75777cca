import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app';
import { serverFor } from './http/fast-paths';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './observability/logger';

export interface ServerOptions {
  app: App;
  lifecycle: Lifecycle;
  logger: Logger;
  port: number;
  host?: string;
  /** How long to keep serving after shutdown starts, while readiness already answers 503. */
  drainMs: number;
  /** In-flight requests get this long to finish once the drain is over; then sockets are cut. */
  closeTimeoutMs?: number;
  /** Releases what the app holds (the database pool); runs after the last response. */
  onClosed?: () => Promise<void>;
}

export interface RunningServer {
  server: Server;
  url: string;
  /**
   * Readiness turns 503 at once; the server keeps serving for `drainMs` (time for the Service to
   * stop routing here), then stops accepting, waits for in-flight requests, closes idle
   * keep-alive sockets and runs `onClosed`. Idempotent: repeated calls share one shutdown.
   */
  shutdown(reason: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { app, lifecycle, logger } = options;
  const server = serverFor(app, app.locals.fastPaths).listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  // Slightly above typical proxy idle timeouts, so a proxy never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    shuttingDown ??= (async () => {
      lifecycle.markShuttingDown();
      logger.info({ reason, drainMs: options.drainMs }, 'shutdown started: readiness is 503, draining');
      await sleep(options.drainMs);

      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() only drops the sockets idle at this instant; a keep-alive socket whose request
      // finishes later would hold the server open until its timeout, so sweep until closed.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      void closed.then(() => clearInterval(sweep));
      const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
      const forced = sleep(closeTimeoutMs).then(() => 'timeout' as const);
      if ((await Promise.race([closed.then(() => 'closed' as const), forced])) === 'timeout') {
        logger.warn({ closeTimeoutMs }, 'in-flight requests did not finish in time; closing their sockets');
        server.closeAllConnections();
        await closed;
      }
      await options.onClosed?.();
      logger.info('shutdown complete');
    })();
    return shuttingDown;
  };

  return { server, url, shutdown };
}
