import { randomUUID } from 'node:crypto';
import type { CreateTaskInput, Task, UpdateTaskInput } from '@todo/contracts';

/**
 * The single-task statements (`GET`, `POST`, `PATCH`, `DELETE /tasks…`), one SQL statement each.
 * Like the list (list-query.ts), they skip Prisma's query builder and result mapping, which cost
 * several times the CPU of the statement itself through `pg` (docs/performance.md),
 * and each does in one round trip what took Prisma two (the update's read-then-write) or more.
 *
 * Safety: every value travels as a parameter (`$n`); the only text chosen by the input is which of
 * the fixed column names a patch sets. The table name comes from the server's configuration
 * (`SqlClient.table`), quoted.
 *
 * Semantics: exactly those of the Prisma calls they replaced, kept in `testing/tasks-prisma.ts` and
 * pinned by a property test (`task-statements.property.test.ts`): the id is a v4 UUID and the
 * timestamps are the client's clock at millisecond precision, as Prisma's client generates them
 * (`@default(uuid())`, `@default(now())`, `@updatedAt`).
 */

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * Timestamps leave PostgreSQL as `toISOString()` would write them (UTC, milliseconds), so rows
 * go out as they come, with no per-row mapping in Node. Valid for years 1000-9999 (due dates are
 * limited to 1900-9999; creation times are now).
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The columns, named and ordered as the API's `Task`; qualified by `table` and named with `prefix`
 * when a statement returns two rows' worth of them (the update's before and after).
 */
export function taskColumns(table?: string, prefix = ''): string {
  const column = (name: string) => (table ? `${table}.${name}` : name);
  const as = (name: string) => `"${prefix}${name}"`;
  // A column named as the field it fills needs no alias unless qualified or prefixed.
  const same = (name: string) => (table || prefix ? `${column(name)} AS ${as(name)}` : name);
  return [
    same('id'),
    same('title'),
    same('description'),
    same('completed'),
    same('priority'),
    `${iso(column('due_date'))} AS ${as('dueDate')}`,
    `${iso(column('created_at'))} AS ${as('createdAt')}`,
    `${iso(column('updated_at'))} AS ${as('updatedAt')}`,
  ].join(', ');
}

/** A row of these statements: already the API's `Task`. */
export type TaskRow = Task;

/** Both sides of an update, as one row: `before`'s columns prefixed with `before_`. */
export type UpdatedTaskRow = Task & { [K in keyof Task as `before_${K}`]: Task[K] };

const toDate = (value: string | null) => (value === null ? null : new Date(value));

export function getTaskStatement(tasksTable: string, userId: string, id: string): SqlStatement {
  return { text: `SELECT ${taskColumns()} FROM ${tasksTable} WHERE id = $1 AND user_id = $2`, values: [id, userId] };
}

/**
 * The INSERT … RETURNING of a new task. Untyped parameters take their column's type (the priority
 * enum included, whatever schema it lives in).
 */
export function createTaskStatement(tasksTable: string, userId: string, input: CreateTaskInput, now = new Date()): SqlStatement {
  return {
    text:
      `INSERT INTO ${tasksTable} (id, user_id, title, description, completed, priority, due_date, created_at, updated_at) ` +
      `VALUES ($1, $2, $3, $4, false, $5, $6, $7, $7) RETURNING ${taskColumns()}`,
    values: [randomUUID(), userId, input.title, input.description ?? null, input.priority, toDate(input.dueDate ?? null), now],
  };
}

/** The patch's fields and the columns they set; a field left out of the patch stays as it is. */
const patchColumns = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  completed: 'completed',
  dueDate: 'due_date',
} as const;

/**
 * The update as one statement that returns the task as it found it and as it left it: the
 * sub-select locks the row (`FOR UPDATE`) and yields it as it was, the UPDATE writes the patch, and
 * RETURNING gives both (it may name "columns of other tables mentioned in FROM": PostgreSQL 15
 * docs, UPDATE; PostgreSQL 18's `RETURNING old.*` says the same more plainly). In READ COMMITTED a
 * concurrent update of the row waits for the lock and then re-reads the row this one wrote (docs,
 * 13.2.1), so `before` and `after` are exactly the two sides of this write: what the assistant's
 * undo restores. `tasks.repository.test.ts` races updates to show it.
 */
export function updateTaskStatement(
  tasksTable: string,
  userId: string,
  id: string,
  patch: UpdateTaskInput,
  now = new Date(),
): SqlStatement {
  const values: unknown[] = [id, userId];
  const sets: string[] = [];
  for (const [field, column] of Object.entries(patchColumns) as [keyof typeof patchColumns, string][]) {
    const value = patch[field];
    if (value === undefined) continue;
    values.push(field === 'dueDate' ? toDate(value as string | null) : value);
    sets.push(`${column} = $${values.length}`);
  }
  values.push(now);
  sets.push(`updated_at = $${values.length}`);
  return {
    text:
      `UPDATE ${tasksTable} AS after SET ${sets.join(', ')} ` +
      `FROM (SELECT * FROM ${tasksTable} WHERE id = $1 AND user_id = $2 FOR UPDATE) AS before ` +
      `WHERE after.id = before.id RETURNING ${taskColumns('before', 'before_')}, ${taskColumns('after')}`,
    values,
  };
}

/** The DELETE … RETURNING of one task: the row exactly as it was deleted. */
export function deleteTaskStatement(tasksTable: string, userId: string, id: string): SqlStatement {
  return { text: `DELETE FROM ${tasksTable} WHERE id = $1 AND user_id = $2 RETURNING ${taskColumns()}`, values: [id, userId] };
}

/** Splits an update's row into the task before and after it. */
export function splitUpdatedRow(row: UpdatedTaskRow): { before: Task; after: Task } {
  return {
    before: {
      id: row.before_id,
      title: row.before_title,
      description: row.before_description,
      completed: row.before_completed,
      priority: row.before_priority,
      dueDate: row.before_dueDate,
      createdAt: row.before_createdAt,
      updatedAt: row.before_updatedAt,
    },
    after: {
      id: row.id,
      title: row.title,
      description: row.description,
      completed: row.completed,
      priority: row.priority,
      dueDate: row.dueDate,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    },
  };
}
