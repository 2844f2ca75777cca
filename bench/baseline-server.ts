/**
 * The bench's reference point: a bare `node:http` + `pg` server running, for fixed users, the same
 * statements the backend runs and answering the same JSON, and nothing else (no routing framework,
 * auth, validation, logging or metrics):
 * - `GET /tasks?limit=N`: the list for USER_ID, newest first (the backend's default sort);
 * - `GET /tasks/:id`: one task of USER_ID;
 * - `POST /tasks`: creates a task for WRITE_USER_ID with an INSERT ... RETURNING (id and timestamps
 *   generated here, as the backend does);
 * - `PATCH /tasks/:id`: changes the given fields of a task of WRITE_USER_ID with the backend's one
 *   statement returning the task before and after (UPDATE ... FROM (SELECT ... FOR UPDATE) ...
 *   RETURNING), answering the task after;
 * - `DELETE /tasks/:id`: deletes a task of WRITE_USER_ID with a DELETE ... RETURNING, answering 204.
 * Each backend figure is reported as a ratio to this. Env: DATABASE_URL, USER_ID, WRITE_USER_ID, PORT.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { poolConfigFor } from './lib/pg-pool';

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
const writeUserId = process.env.WRITE_USER_ID ?? userId;
if (!databaseUrl || !userId) throw new Error('DATABASE_URL and USER_ID must be set');

// The same pool size as the backend's (apps/backend/src/db/database.ts).
const pool = new Pool({ ...poolConfigFor(databaseUrl), max: Number(process.env.POOL_SIZE ?? 10) });

const COLUMNS = 'id, title, description, completed, priority, due_date, created_at, updated_at';
/** The backend's list query for the default sort (newest first); one row more tells if a next page exists. */
const LIST_SQL = `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`;
const GET_SQL = `SELECT ${COLUMNS} FROM tasks WHERE id = $1 AND user_id = $2`;
const INSERT_SQL = `INSERT INTO tasks (id, user_id, title, description, completed, priority, due_date, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6::task_priority, $7, $8, $9) RETURNING ${COLUMNS}`;

/** The columns a patch may set, by field. */
const PATCH_COLUMNS: Record<string, string> = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  completed: 'completed',
  dueDate: 'due_date',
};
const BEFORE_COLUMNS = COLUMNS.split(', ')
  .map((column) => `before.${column} AS before_${column}`)
  .join(', ');
const AFTER_COLUMNS = COLUMNS.split(', ')
  .map((column) => `after.${column}`)
  .join(', ');
const DELETE_SQL = `DELETE FROM tasks WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`;

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

const send = (res: ServerResponse, status: number, value: unknown) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

async function list(limit: number) {
  const { rows } = await pool.query<TaskRow>(LIST_SQL, [userId, limit + 1]);
  const items = rows.slice(0, limit).map(toTask);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function create(req: IncomingMessage) {
  const input = await readJson(req);
  const now = new Date();
  const values = [
    randomUUID(),
    writeUserId,
    input.title,
    input.description ?? null,
    false,
    input.priority ?? 'medium',
    input.dueDate ?? null,
    now,
    now,
  ];
  const { rows } = await pool.query<TaskRow>(INSERT_SQL, values);
  return { task: toTask(rows[0] as TaskRow) };
}

async function update(id: string, req: IncomingMessage) {
  const patch = await readJson(req);
  const values: unknown[] = [id, writeUserId];
  const sets: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const column = PATCH_COLUMNS[field];
    if (!column) throw new Error(`unknown field ${field}`);
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  values.push(new Date());
  sets.push(`updated_at = $${values.length}`);
  const { rows } = await pool.query<TaskRow>(
    `UPDATE tasks AS after SET ${sets.join(', ')} FROM (SELECT * FROM tasks WHERE id = $1 AND user_id = $2 FOR UPDATE) AS before ` +
      `WHERE after.id = before.id RETURNING ${BEFORE_COLUMNS}, ${AFTER_COLUMNS}`,
    values,
  );
  return rows[0] ? { task: toTask(rows[0]) } : null;
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestUrl = new URL(req.url ?? '/', 'http://baseline');
  const id = /^\/tasks\/([0-9a-f-]{36})$/.exec(requestUrl.pathname)?.[1];
  if (req.method === 'GET' && requestUrl.pathname === '/tasks') {
    send(res, 200, await list(Number(requestUrl.searchParams.get('limit') ?? 20)));
  } else if (req.method === 'GET' && id) {
    const { rows } = await pool.query<TaskRow>(GET_SQL, [id, userId]);
    if (rows[0]) send(res, 200, { task: toTask(rows[0]) });
    else send(res, 404, { error: 'not found' });
  } else if (req.method === 'POST' && requestUrl.pathname === '/tasks') {
    send(res, 201, await create(req));
  } else if (req.method === 'PATCH' && id) {
    const updated = await update(id, req);
    if (updated) send(res, 200, updated);
    else send(res, 404, { error: 'not found' });
  } else if (req.method === 'DELETE' && id) {
    const { rows } = await pool.query<TaskRow>(DELETE_SQL, [id, writeUserId]);
    if (rows[0]) res.writeHead(204).end();
    else send(res, 404, { error: 'not found' });
  } else {
    res.writeHead(404).end();
  }
}

const server = createServer((req, res) => {
  route(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`baseline listening on ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
