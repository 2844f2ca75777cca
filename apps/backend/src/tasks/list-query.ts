import type { ListTasksInput } from '@todo/contracts';
import type { CursorKey } from './pagination';
import { taskColumns, type SqlStatement } from './task-statements';

/**
 * The task list as one SQL statement: filters, sort and keyset cursor in this one place. It is
 * what `GET /tasks` (and the assistant's `list_tasks`) run; it skips Prisma's query builder and
 * result mapping, which cost 3-5x the CPU of the same SELECT through `pg` (docs/performance.md).
 *
 * Safety: every value from the request travels as a parameter (`$n`), never inside the text. The
 * only text chosen by the input is picked from the constant fragments below by an enum value the
 * zod schema already checked (`sort`, `order`, `status`). The table name comes from the server's
 * configuration (`SqlClient.table`), quoted.
 *
 * Semantics: exactly those of the Prisma query in `testing/list-prisma.ts` (pinned by a property test,
 * `list-query.property.test.ts`): tasks of `userId` only; `status`, `priority`, and `q` as a
 * case-insensitive substring of title or description, `%`, `_` and `\` in it matching themselves;
 * ordered by the sort key, then `createdAt`, then `id` (a total order, so pages never skip or
 * repeat); tasks without a due date last in both directions of the `due` sort.
 */

/**
 * `q` as a LIKE pattern that matches it as a plain substring: `\`, `%` and `_` escaped with
 * PostgreSQL's default LIKE escape character, the backslash.
 */
export function containsPattern(q: string): string {
  return `%${escapeLike(q)}%`;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

const direction = { asc: 'ASC', desc: 'DESC' } as const;
/** Row-value comparison meaning "comes after" in each order (every key of a sort shares the order). */
const after = { asc: '>', desc: '<' } as const;

/**
 * The statement listing one page (`limit + 1` rows: the extra one says whether a next page exists)
 * of `userId`'s tasks in `tasksTable`, after `cursor` when given.
 */
export function listTasksStatement(tasksTable: string, userId: string, query: ListTasksInput, cursor?: CursorKey): SqlStatement {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`user_id = ${param(userId)}`];
  if (query.status !== 'all') where.push(`completed = ${param(query.status === 'completed')}`);
  // Untyped parameters take the type of what they are compared with (the enum, timestamptz, uuid).
  if (query.priority) where.push(`priority = ${param(query.priority)}`);
  if (query.q) {
    const pattern = param(containsPattern(query.q));
    where.push(`(title ILIKE ${pattern} OR description ILIKE ${pattern})`);
  }
  const dir = direction[query.order];
  const cmp = after[query.order];
  if (cursor) {
    const tail = () => `(created_at, id) ${cmp} (${param(cursor.createdAt)}, ${param(cursor.id)})`;
    if (query.sort === 'created') where.push(tail());
    else if (query.sort === 'priority') {
      // The enum's order (low < medium < high, its declaration order) is the order Prisma sorts by.
      where.push(`(priority, created_at, id) ${cmp} (${param(cursor.primary)}, ${param(cursor.createdAt)}, ${param(cursor.id)})`);
    } else if (cursor.primary === null) where.push(`(due_date IS NULL AND ${tail()})`);
    else {
      const due = param(cursor.primary);
      where.push(`(due_date ${cmp} ${due} OR due_date IS NULL OR (due_date = ${due} AND ${tail()}))`);
    }
  }
  const orderBy =
    query.sort === 'created'
      ? `created_at ${dir}, id ${dir}`
      : query.sort === 'priority'
        ? `priority ${dir}, created_at ${dir}, id ${dir}`
        : `due_date ${dir} NULLS LAST, created_at ${dir}, id ${dir}`;
  const limit = param(query.limit + 1);
  return { text: `SELECT ${taskColumns()} FROM ${tasksTable} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}`, values };
}
