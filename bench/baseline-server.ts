/**
 * The bench's reference point: a bare `node:http` + `pg` server answering `GET /tasks?limit=N` for
 * one fixed user with the same SQL and the same JSON the backend produces, and nothing else (no
 * routing framework, auth, validation, logging or metrics). The backend's throughput is reported as
 * a ratio to this. Env: DATABASE_URL, USER_ID, PORT.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: string;
  due_date: Date | null;
  created_at: Date;
  updated_at: Date;
}

const databaseUrl = process.env.DATABASE_URL;
const userId = process.env.USER_ID;
if (!databaseUrl || !userId) throw new Error('DATABASE_URL and USER_ID must be set');

// Prisma's `?schema=` parameter (how test databases isolate) becomes the search path here.
const url = new URL(databaseUrl);
const schema = url.searchParams.get('schema');
url.searchParams.delete('schema');
// The same pool size as the backend's (apps/backend/src/db/database.ts).
const pool = new Pool({
  connectionString: url.toString(),
  max: Number(process.env.POOL_SIZE ?? 10),
  ...(schema ? { options: `-c search_path="${schema.replace(/"/g, '""')}"` } : {}),
});

/** The backend's list query for the default sort (newest first); one row more tells if a next page exists. */
const LIST_SQL = `SELECT id, title, description, completed, priority, due_date, created_at, updated_at
  FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`;

const toTask = (row: TaskRow) => ({
  id: row.id,
  title: row.title,
  description: row.description,
  completed: row.completed,
  priority: row.priority,
  dueDate: row.due_date ? row.due_date.toISOString() : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const server = createServer((req, res) => {
  const requestUrl = new URL(req.url ?? '/', 'http://baseline');
  if (req.method !== 'GET' || requestUrl.pathname !== '/tasks') {
    res.writeHead(404).end();
    return;
  }
  const limit = Number(requestUrl.searchParams.get('limit') ?? 20);
  pool.query<TaskRow>(LIST_SQL, [userId, limit + 1]).then(
    ({ rows }) => {
      const items = rows.slice(0, limit).map(toTask);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null;
      const body = JSON.stringify({ items, nextCursor });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    (error: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    },
  );
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`baseline listening on ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
