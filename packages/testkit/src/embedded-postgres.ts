import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgresql:// URL of the loopback socket server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WASM (PGlite), served on a loopback port so the normal `pg` driver and
 * Prisma's pg adapter talk to it exactly as to a real server. For development and tests only: it
 * is single-session, so per-connection settings are shared by all connections.
 *
 * @param options.dataDir keep the data on disk (npm run dev); in memory when omitted.
 * @param options.port loopback port; 0 picks a free one.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 100 });
  await server.start();
  const port = server.getServerConn().split(':').pop();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
