import type { CreateTaskInput, ListTasksInput, TaskList, UpdateTaskInput } from '@todo/contracts';
import type { PrismaClient, SqlClient } from '../db/database';
import type { Task as TaskRecord } from '../generated/prisma/client';
import { listTasksStatement, type TaskRow } from './list-query';
import { decodeCursor, pageOf } from './pagination';

export type { TaskRecord };

/** Every method is scoped to one user: another user's task is indistinguishable from a missing one. */
export interface TasksRepository {
  create(userId: string, input: CreateTaskInput): Promise<TaskRecord>;
  findById(userId: string, id: string): Promise<TaskRecord | null>;
  /** Already in the API's shape: the list's rows come from SQL as they go out (list-query.ts). */
  list(userId: string, query: ListTasksInput): Promise<TaskList>;
  /** Returns null when the task does not exist for this user. */
  update(userId: string, id: string, patch: UpdateTaskInput): Promise<TaskRecord | null>;
  /** Returns false when the task does not exist for this user. */
  remove(userId: string, id: string): Promise<boolean>;
}

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

export function createTasksRepository(prisma: PrismaClient, sql: SqlClient): TasksRepository {
  const tasksTable = sql.table('tasks');
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
      const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, query.order) : undefined;
      return pageOf(await sql.query<TaskRow>(listTasksStatement(tasksTable, userId, query, cursor)), query);
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
