import type { CreateTaskInput, ListTasksInput, Task, TaskList, UpdateTaskInput } from '@todo/contracts';
import type { SqlClient } from '../db/database';
import { listTasksStatement } from './list-query';
import { decodeCursor, pageOf } from './pagination';
import {
  createTaskStatement,
  deleteTaskStatement,
  getTaskStatement,
  splitUpdatedRow,
  updateTaskStatement,
  type TaskRow,
  type UpdatedTaskRow,
} from './task-statements';

/**
 * Every method is scoped to one user: another user's task is indistinguishable from a missing one.
 * Each is one SQL statement whose rows are already in the API's shape (task-statements.ts,
 * list-query.ts); ids must be UUIDs (the caller checks, `db/uuid.ts`).
 */
export interface TasksRepository {
  create(userId: string, input: CreateTaskInput): Promise<Task>;
  findById(userId: string, id: string): Promise<Task | null>;
  list(userId: string, query: ListTasksInput): Promise<TaskList>;
  /**
   * The task as the update found it and as it left it, exactly (the assistant's undo restores
   * `before`); null when the task does not exist for this user.
   */
  update(userId: string, id: string, patch: UpdateTaskInput): Promise<{ before: Task; after: Task } | null>;
  /** The task as it was deleted; null when it does not exist for this user. */
  remove(userId: string, id: string): Promise<Task | null>;
}

export function createTasksRepository(sql: SqlClient): TasksRepository {
  const tasksTable = sql.table('tasks');
  const one = async <Row extends TaskRow | UpdatedTaskRow>(statement: { text: string; values: unknown[] }) =>
    (await sql.query<Row>(statement))[0] ?? null;
  return {
    async create(userId, input) {
      const created = await one<TaskRow>(createTaskStatement(tasksTable, userId, input));
      if (!created) throw new Error('INSERT … RETURNING returned no row');
      return created;
    },

    findById: (userId, id) => one<TaskRow>(getTaskStatement(tasksTable, userId, id)),

    async list(userId, query) {
      const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, query.order) : undefined;
      return pageOf(await sql.query<TaskRow>(listTasksStatement(tasksTable, userId, query, cursor)), query);
    },

    async update(userId, id, patch) {
      const row = await one<UpdatedTaskRow>(updateTaskStatement(tasksTable, userId, id, patch));
      return row && splitUpdatedRow(row);
    },

    remove: (userId, id) => one<TaskRow>(deleteTaskStatement(tasksTable, userId, id)),
  };
}
