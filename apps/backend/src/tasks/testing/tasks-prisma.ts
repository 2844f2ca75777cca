import type { CreateTaskInput, Task, UpdateTaskInput } from '@todo/contracts';
import type { PrismaClient } from '../../db/database';
import { toTask } from '../tasks.service';

/**
 * The single-task use cases as the Prisma calls they were before they became one SQL statement
 * each (`../task-statements.ts`), kept (for tests only) as the reference those statements are
 * checked against (`../task-statements.property.test.ts`). The update is the compare-and-set it was:
 * read, then write only if the row is still as read.
 */
export function prismaTasks(prisma: PrismaClient) {
  const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));
  const notFound = (error: unknown) => (error as { code?: unknown }).code === 'P2025';
  return {
    create: async (userId: string, input: CreateTaskInput): Promise<Task> =>
      toTask(
        await prisma.task.create({
          data: {
            userId,
            title: input.title,
            description: input.description ?? null,
            priority: input.priority,
            dueDate: toDate(input.dueDate) ?? null,
          },
        }),
      ),

    async findById(userId: string, id: string): Promise<Task | null> {
      const found = await prisma.task.findFirst({ where: { id, userId } });
      return found && toTask(found);
    },

    async update(userId: string, id: string, patch: UpdateTaskInput): Promise<{ before: Task; after: Task } | null> {
      const before = await prisma.task.findFirst({ where: { id, userId } });
      if (!before) return null;
      const { title, description, completed, priority, dueDate, updatedAt } = before;
      const data = {
        title: patch.title,
        description: patch.description,
        priority: patch.priority,
        completed: patch.completed,
        dueDate: toDate(patch.dueDate),
      };
      const after = await prisma.task.update({ where: { id, userId, title, description, completed, priority, dueDate, updatedAt }, data });
      return { before: toTask(before), after: toTask(after) };
    },

    async remove(userId: string, id: string): Promise<Task | null> {
      try {
        return toTask(await prisma.task.delete({ where: { id, userId } }));
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
  };
}
