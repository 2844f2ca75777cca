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
  /**
   * The task as the update found it and as it left it, exactly (the assistant's undo restores
   * `before`); null when the task does not exist for this user.
   */
  update(userId: string, id: string, patch: UpdateTaskInput): Promise<{ before: TaskRecord; after: TaskRecord } | null>;
  /** The task as it was deleted; null when it does not exist for this user. */
  remove(userId: string, id: string): Promise<TaskRecord | null>;
}

/** Prisma's "the record the operation depends on was not found" (a `where` that matched nothing). */
const recordNotFound = 'P2025';
const isRecordNotFound = (error: unknown) => (error as { code?: unknown }).code === recordNotFound;

/** How often an update re-reads a task that another request changed between its read and its write. */
const updateAttempts = 5;

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
      const data = {
        title: patch.title,
        description: patch.description,
        priority: patch.priority,
        completed: patch.completed,
        dueDate: toDate(patch.dueDate),
      };
      // Compare-and-set: the write applies only to the row as it was read (same updatedAt and
      // fields) and returns the row it wrote (UPDATE … RETURNING), so `before` and `after` are
      // exactly the two sides of this write even when someone edits the task at the same moment.
      for (let attempt = 1; ; attempt += 1) {
        const before = await prisma.task.findFirst({ where: { id, userId } });
        if (!before) return null;
        const { title, description, completed, priority, dueDate, updatedAt } = before;
        try {
          const after = await prisma.task.update({ where: { id, userId, title, description, completed, priority, dueDate, updatedAt }, data });
          return { before, after };
        } catch (error) {
          // Changed (or deleted) between the read and the write: read it again.
          if (!isRecordNotFound(error) || attempt === updateAttempts) throw error;
        }
      }
    },

    async remove(userId, id) {
      try {
        // DELETE … RETURNING: the row exactly as it was deleted, in one statement.
        return await prisma.task.delete({ where: { id, userId } });
      } catch (error) {
        if (isRecordNotFound(error)) return null;
        throw error;
      }
    },
  };
}
