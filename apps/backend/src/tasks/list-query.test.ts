import { listTasksQuerySchema } from '@todo/contracts';
import { containsPattern, listTasksStatement } from './list-query';

const table = '"public"."tasks"';
const userId = '7d3f5a52-3c4e-4c1e-9a55-0d6f7a1b2c3d';
const columns =
  `id, title, description, completed, priority, ` +
  `to_char(due_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueDate", ` +
  `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", ` +
  `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;
const query = (raw: Record<string, string>) => listTasksQuerySchema.parse(raw);

describe('containsPattern', () => {
  it.each([
    ['milk', '%milk%'],
    ['50%', '%50\\%%'],
    ['under_score', '%under\\_score%'],
    ['back\\slash', '%back\\\\slash%'],
  ])('when q is %j, then the LIKE pattern is %j (wildcards and the escape character match themselves)', (q, pattern) => {
    expect(containsPattern(q)).toBe(pattern);
  });
});

describe('listTasksStatement', () => {
  it('when the defaults are used, then newest first with one row more than the limit', () => {
    expect(listTasksStatement(table, userId, query({}))).toEqual({
      text: `SELECT ${columns} FROM "public"."tasks" WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      values: [userId, 21],
    });
  });

  it('when every filter is set, then each value is a parameter and q is matched on title or description', () => {
    const statement = listTasksStatement(
      table,
      userId,
      query({ status: 'completed', priority: 'high', q: "x' OR 1=1 --", sort: 'priority', order: 'asc', limit: '5' }),
    );

    expect(statement.text).toBe(
      `SELECT ${columns} FROM "public"."tasks" WHERE user_id = $1 AND completed = $2 AND priority = $3 AND (title ILIKE $4 OR description ILIKE $4) ` +
        'ORDER BY priority ASC, created_at ASC, id ASC LIMIT $5',
    );
    expect(statement.values).toEqual([userId, true, 'high', "%x' OR 1=1 --%", 6]);
  });

  it('when a due-date cursor has a date, then later dates, undated tasks and ties broken by (createdAt, id) follow', () => {
    const cursor = { primary: '2026-12-01T00:00:00.000Z', createdAt: '2026-11-01T10:00:00.000Z', id: userId };
    const statement = listTasksStatement(table, userId, query({ sort: 'due', order: 'desc' }), cursor);

    expect(statement.text).toBe(
      `SELECT ${columns} FROM "public"."tasks" WHERE user_id = $1 AND (due_date < $2 OR due_date IS NULL OR (due_date = $2 AND (created_at, id) < ($3, $4))) ` +
        'ORDER BY due_date DESC NULLS LAST, created_at DESC, id DESC LIMIT $5',
    );
    expect(statement.values).toEqual([userId, cursor.primary, cursor.createdAt, cursor.id, 21]);
  });

  it('when a due-date cursor is undated, then only later undated tasks follow (nulls last)', () => {
    const cursor = { primary: null, createdAt: '2026-11-01T10:00:00.000Z', id: userId };

    expect(listTasksStatement(table, userId, query({ sort: 'due', order: 'asc' }), cursor).text).toContain(
      'WHERE user_id = $1 AND (due_date IS NULL AND (created_at, id) > ($2, $3)) ORDER BY due_date ASC NULLS LAST',
    );
  });
});
