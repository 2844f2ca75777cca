import type { ListTasksInput, Task, TaskList, TaskPriority } from '@todo/contracts';
import { ValidationError } from '../errors';
import { isUuid } from '../db/uuid';

/**
 * Keyset (cursor) pagination for the task list. Every sort ends with (createdAt, id), so the order
 * is total and a page boundary never skips or repeats a task, even while tasks are added.
 * Tasks without a due date come last in both directions of the `due` sort.
 */
export type Sort = ListTasksInput['sort'];
export type Order = ListTasksInput['order'];

export interface CursorKey {
  /** The value of the primary sort key of the last task of the page (null for no due date). */
  primary: string | null;
  createdAt: string;
  id: string;
}

interface CursorPayload extends CursorKey {
  sort: Sort;
  order: Order;
}

export const priorities: readonly TaskPriority[] = ['low', 'medium', 'high'];

export function encodeCursor(sort: Sort, order: Order, key: CursorKey): string {
  const payload: CursorPayload = { sort, order, ...key };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: Sort, order: Order): CursorKey {
  const invalid = () => new ValidationError([{ path: 'cursor', message: 'is not a cursor of this listing' }]);
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPayload>;
  } catch {
    throw invalid();
  }
  // Exactly what toISOString() wrote, years 0001-9999: anything else could not have come from us,
  // and must not reach PostgreSQL as an out-of-range timestamp.
  const isDate = (value: unknown) =>
    typeof value === 'string' && /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value));
  const primaryOk =
    sort === 'created'
      ? payload.primary === null
      : sort === 'due'
        ? payload.primary === null || isDate(payload.primary)
        : priorities.includes(payload.primary as TaskPriority);
  if (
    payload.sort !== sort ||
    payload.order !== order ||
    !primaryOk ||
    !isDate(payload.createdAt) ||
    typeof payload.id !== 'string' ||
    !isUuid(payload.id)
  ) {
    throw invalid();
  }
  return { primary: payload.primary ?? null, createdAt: payload.createdAt as string, id: payload.id };
}

/** The cursor key of a task as the API returns it (timestamps as ISO strings). */
export function cursorKeyOf(sort: Sort, task: Pick<Task, 'priority' | 'dueDate' | 'createdAt' | 'id'>): CursorKey {
  const primary = sort === 'due' ? task.dueDate : sort === 'priority' ? task.priority : null;
  return { primary, createdAt: task.createdAt, id: task.id };
}

/** A page from the `limit + 1` rows a list query returns: the extra row only says a next page exists. */
export function pageOf(rows: Task[], query: Pick<ListTasksInput, 'limit' | 'sort' | 'order'>): TaskList {
  if (rows.length <= query.limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1] as Task;
  return { items, nextCursor: encodeCursor(query.sort, query.order, cursorKeyOf(query.sort, last)) };
}
