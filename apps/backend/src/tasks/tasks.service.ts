import type { CreateTaskInput, ListTasksInput, Task, TaskList, UpdateTaskInput } from '@todo/contracts';
import { NotFoundError } from '../errors';
import type { Task as TaskRecord } from '../generated/prisma/client';
import type { TasksRepository } from './tasks.repository';

/**
 * The task use cases, shared by the REST routes and the assistant's tools. Every call is scoped to
 * `userId`; a task of another user is reported as not found, never as forbidden. Task ids arrive
 * parsed as UUIDs (the route's params schema, the tools' argument schemas), which the database's
 * `uuid` column needs.
 */
export interface TasksService {
  create(userId: string, input: CreateTaskInput): Promise<Task>;
  get(userId: string, id: string): Promise<Task>;
  list(userId: string, query: ListTasksInput): Promise<TaskList>;
  update(userId: string, id: string, patch: UpdateTaskInput): Promise<Task>;
  /** The update, with the task exactly as it was before it (what an undo restores). */
  updateRecorded(userId: string, id: string, patch: UpdateTaskInput): Promise<{ before: Task; after: Task }>;
  /** Deletes the task and returns it as it was deleted (what an undo re-inserts). */
  remove(userId: string, id: string): Promise<Task>;
}

/** A task as Prisma returns it, in the API's shape (the assistant's undo reads tasks through Prisma). */
export function toTask(record: TaskRecord): Task {
  return {
    id: record.id,
    title: record.title,
    description: record.description,
    completed: record.completed,
    priority: record.priority,
    dueDate: record.dueDate?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** The answer for an id that names no task of the user (the routes' too, for a path id that is no id). */
export const taskNotFound = (id: string) => new NotFoundError(`Task ${id} not found`);

export function createTasksService(repository: TasksRepository): TasksService {
  async function updateRecorded(userId: string, id: string, patch: UpdateTaskInput) {
    const updated = await repository.update(userId, id, patch);
    if (!updated) throw taskNotFound(id);
    return updated;
  }

  return {
    create: (userId, input) => repository.create(userId, input),

    async get(userId, id) {
      const task = await repository.findById(userId, id);
      if (!task) throw taskNotFound(id);
      return task;
    },

    list: (userId, query) => repository.list(userId, query),

    async update(userId, id, patch) {
      return (await updateRecorded(userId, id, patch)).after;
    },

    updateRecorded,

    async remove(userId, id) {
      const deleted = await repository.remove(userId, id);
      if (!deleted) throw taskNotFound(id);
      return deleted;
    },
  };
}
