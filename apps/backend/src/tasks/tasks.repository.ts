import type { CreateTaskInput, ListTasksInput, UpdateTaskInput } from '@todo/contracts';
import type { PrismaClient } from '../db/database';
import type { Prisma, Task as TaskRecord } from '../generated/prisma/client';
import { afterCursor, cursorKeyOf, decodeCursor, encodeCursor, orderByFor } from './pagination';

export type { TaskRecord };

export interface TaskPage {
  items: TaskRecord[];
  nextCursor: string | null;
}

/** Every method is scoped to one user: another user's task is indistinguishable from a missing one. */
export interface TasksRepository {
  create(userId: string, input: CreateTaskInput): Promise<TaskRecord>;
  findById(userId: string, id: string): Promise<TaskRecord | null>;
  list(userId: string, query: ListTasksInput): Promise<TaskPage>;
  /** Returns null when the task does not exist for this user. */
  update(userId: string, id: string, patch: UpdateTaskInput): Promise<TaskRecord | null>;
  /** Returns false when the task does not exist for this user. */
  remove(userId: string, id: string): Promise<boolean>;
}

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

export function createTasksRepository(prisma: PrismaClient): TasksRepository {
  return {
    create: (userId, input) =>
      prisma.task.create({
        data: {
          userId,
          title: input.title,
          description: input.description ?? null,
          priority: input.priority,
          dueDate: toDate(input.dueDate) ?? null,
        },
      }),

    findById: (userId, id) => prisma.task.findFirst({ where: { id, userId } }),

    async list(userId, query) {
      const filters: Prisma.TaskWhereInput[] = [{ userId }];
      if (query.status !== 'all') filters.push({ completed: query.status === 'completed' });
      if (query.priority) filters.push({ priority: query.priority });
      if (query.q) {
        filters.push({
          OR: [
            { title: { contains: query.q, mode: 'insensitive' } },
            { description: { contains: query.q, mode: 'insensitive' } },
          ],
        });
      }
      if (query.cursor) filters.push(afterCursor(query.sort, query.order, decodeCursor(query.cursor, query.sort, query.order)));

      // One extra row tells whether another page exists without a count query.
      const rows = await prisma.task.findMany({
        where: { AND: filters },
        orderBy: orderByFor(query.sort, query.order),
        take: query.limit + 1,
      });
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor(query.sort, query.order, cursorKeyOf(query.sort, last)) : null;
      return { items, nextCursor };
    },

    async update(userId, id, patch) {
      // updateMany carries the owner in the filter: one statement, no read-then-write race.
      const { count } = await prisma.task.updateMany({
        where: { id, userId },
        data: {
          title: patch.title,
          description: patch.description,
          priority: patch.priority,
          completed: patch.completed,
          dueDate: toDate(patch.dueDate),
        },
      });
      return count === 0 ? null : prisma.task.findFirst({ where: { id, userId } });
    },

    async remove(userId, id) {
      const { count } = await prisma.task.deleteMany({ where: { id, userId } });
      return count > 0;
    },
  };
}
