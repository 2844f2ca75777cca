import type { ListTasksInput } from '@todo/contracts';
import type { Prisma } from '../generated/prisma/client';
import { escapeLike } from './list-query';
import { afterCursor, orderByFor, type CursorKey } from './pagination';

/**
 * The task list as a Prisma query: how the list was built before it became one SQL statement
 * (`list-query.ts`), kept as the reference that statement is checked against
 * (`list-query.property.test.ts` runs both over random data and random queries). Prisma's
 * `contains` puts the value between `%` as it is, so LIKE's wildcards are escaped here too.
 */
export function listTasksArgs(userId: string, query: ListTasksInput, cursor?: CursorKey): Prisma.TaskFindManyArgs {
  const filters: Prisma.TaskWhereInput[] = [{ userId }];
  if (query.status !== 'all') filters.push({ completed: query.status === 'completed' });
  if (query.priority) filters.push({ priority: query.priority });
  if (query.q) {
    const contains = escapeLike(query.q);
    filters.push({
      OR: [
        { title: { contains, mode: 'insensitive' } },
        { description: { contains, mode: 'insensitive' } },
      ],
    });
  }
  if (cursor) filters.push(afterCursor(query.sort, query.order, cursor));
  return { where: { AND: filters }, orderBy: orderByFor(query.sort, query.order), take: query.limit + 1 };
}
