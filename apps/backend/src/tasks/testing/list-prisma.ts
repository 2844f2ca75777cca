import type { ListTasksInput, TaskPriority } from '@todo/contracts';
import type { Prisma } from '../../generated/prisma/client';
import { escapeLike } from '../list-query';
import { priorities, type CursorKey, type Order, type Sort } from '../pagination';

/**
 * The task list as a Prisma query: how the list was built before it became one SQL statement
 * (`../list-query.ts`), kept (for tests only) as the reference that statement is checked against
 * (`../list-query.property.test.ts` runs both over random data and random queries). Prisma's
 * `contains` puts the value between `%` as it is, so LIKE's wildcards are escaped here too.
 */
export function listTasksArgs(userId: string, query: ListTasksInput, cursor?: CursorKey): Prisma.TaskFindManyArgs {
  const filters: Prisma.TaskWhereInput[] = [{ userId }];
  if (query.status !== 'all') filters.push({ completed: query.status === 'completed' });
  if (query.priority) filters.push({ priority: query.priority });
  if (query.q) {
    const contains = escapeLike(query.q);
    filters.push({
      OR: [{ title: { contains, mode: 'insensitive' } }, { description: { contains, mode: 'insensitive' } }],
    });
  }
  if (cursor) filters.push(afterCursor(query.sort, query.order, cursor));
  return { where: { AND: filters }, orderBy: orderByFor(query.sort, query.order), take: query.limit + 1 };
}

export function orderByFor(sort: Sort, order: Order): Prisma.TaskOrderByWithRelationInput[] {
  const tail: Prisma.TaskOrderByWithRelationInput[] = [{ createdAt: order }, { id: order }];
  if (sort === 'due') return [{ dueDate: { sort: order, nulls: 'last' } }, ...tail];
  if (sort === 'priority') return [{ priority: order }, ...tail];
  return tail;
}

/** The filter selecting exactly the tasks that come after `key` in the given order. */
export function afterCursor(sort: Sort, order: Order, key: CursorKey): Prisma.TaskWhereInput {
  const cmp = order === 'asc' ? 'gt' : 'lt';
  const createdAt = new Date(key.createdAt);
  const afterTail: Prisma.TaskWhereInput = {
    OR: [{ createdAt: { [cmp]: createdAt } }, { createdAt, id: { [cmp]: key.id } }],
  };
  if (sort === 'created') return afterTail;

  if (sort === 'priority') {
    const index = priorities.indexOf(key.primary as TaskPriority);
    const later = order === 'asc' ? priorities.slice(index + 1) : priorities.slice(0, index);
    return { OR: [{ priority: { in: [...later] } }, { AND: [{ priority: key.primary as TaskPriority }, afterTail] }] };
  }

  // sort === 'due', nulls last
  if (key.primary === null) return { AND: [{ dueDate: null }, afterTail] };
  const dueDate = new Date(key.primary);
  return {
    OR: [{ dueDate: { [cmp]: dueDate } }, { dueDate: null }, { AND: [{ dueDate }, afterTail] }],
  };
}
