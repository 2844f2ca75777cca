import type { Task, UndoableToolName } from '@todo/contracts';
import type { PrismaClient } from '../db/database';
import type { Prisma, Task as TaskRecord } from '../generated/prisma/client';

/** A task change the assistant made, with the task before and after it (contract `Task` shapes). */
export interface ActionRecord {
  /** The tool call's id (`ToolCall.id`). */
  id: string;
  userId: string;
  conversationId: string;
  tool: UndoableToolName;
  taskId: string;
  /** null for add_task. */
  before: Task | null;
  /** null for delete_task. */
  after: Task | null;
  createdAt: Date;
  undoneAt: Date | null;
}

export type NewAction = Omit<ActionRecord, 'createdAt' | 'undoneAt'>;

/** How an undo ended. `conflict` carries the task as it is now (null when it is gone). */
export type UndoOutcome = { kind: 'undone' } | { kind: 'already_undone' } | { kind: 'conflict'; current: TaskRecord | null };

/** Every read is scoped to the user: another user's action is indistinguishable from a missing one. */
export interface ActionsRepository {
  /** Stores the action and deletes the user's actions created before `purgeBefore` (the retention). */
  record(action: NewAction, purgeBefore: Date): Promise<void>;
  find(userId: string, conversationId: string, id: string, notBefore: Date): Promise<ActionRecord | null>;
  /** The newest action of the conversation that is not undone yet. */
  lastUndoable(userId: string, conversationId: string, notBefore: Date): Promise<ActionRecord | null>;
  /** The ids of the conversation's undone actions. */
  undoneIds(userId: string, conversationId: string): Promise<Set<string>>;
  /**
   * In one transaction: marks the action undone (unless it already is) and reverses it, but only if
   * the task is still as the action left it; otherwise nothing changes.
   */
  undo(action: ActionRecord, now: Date): Promise<UndoOutcome>;
}

/** Thrown inside the undo transaction to roll the claim back when the task changed since. */
class TaskChangedSince extends Error {
  constructor(readonly current: TaskRecord | null) {
    super('the task changed since the action');
  }
}

const toDate = (iso: string | null) => (iso === null ? null : new Date(iso));

/** The editable fields of a task snapshot, as Prisma values: what an undo compares and restores. */
function fieldsOf(task: Task) {
  return {
    title: task.title,
    description: task.description,
    completed: task.completed,
    priority: task.priority,
    dueDate: toDate(task.dueDate),
  };
}

/** Reverses the action; false when the task is no longer as the action left it. */
async function reverse(tx: Prisma.TransactionClient, action: ActionRecord): Promise<boolean> {
  const owned = { id: action.taskId, userId: action.userId };
  switch (action.tool) {
    case 'add_task':
      return (await tx.task.deleteMany({ where: { ...owned, ...fieldsOf(action.after!) } })).count === 1;
    case 'update_task':
    case 'complete_task':
      return (await tx.task.updateMany({ where: { ...owned, ...fieldsOf(action.after!) }, data: fieldsOf(action.before!) })).count === 1;
    case 'delete_task': {
      const before = action.before!;
      // Ids are never reused, so a row with this id means the task is already back.
      if (await tx.task.findUnique({ where: { id: before.id }, select: { id: true } })) return false;
      // Prisma sets @updatedAt only when no value is given: the restored row keeps its timestamps.
      await tx.task.create({
        data: {
          id: before.id,
          userId: action.userId,
          ...fieldsOf(before),
          createdAt: new Date(before.createdAt),
          updatedAt: new Date(before.updatedAt),
        },
      });
      return true;
    }
  }
}

type ActionRow = Prisma.AssistantActionGetPayload<object>;

function toRecord(row: ActionRow): ActionRecord {
  return {
    id: row.id,
    userId: row.userId,
    conversationId: row.conversationId,
    tool: row.tool as UndoableToolName,
    taskId: row.taskId,
    before: row.before as Task | null,
    after: row.after as Task | null,
    createdAt: row.createdAt,
    undoneAt: row.undoneAt,
  };
}

const jsonOrNull = (task: Task | null) => (task === null ? undefined : (task as unknown as Prisma.InputJsonValue));

export function createActionsRepository(prisma: PrismaClient): ActionsRepository {
  return {
    async record(action, purgeBefore) {
      await prisma.$transaction([
        prisma.assistantAction.deleteMany({ where: { userId: action.userId, createdAt: { lt: purgeBefore } } }),
        prisma.assistantAction.create({
          data: {
            id: action.id,
            userId: action.userId,
            conversationId: action.conversationId,
            tool: action.tool,
            taskId: action.taskId,
            before: jsonOrNull(action.before),
            after: jsonOrNull(action.after),
          },
        }),
      ]);
    },

    async find(userId, conversationId, id, notBefore) {
      const row = await prisma.assistantAction.findFirst({ where: { id, userId, conversationId, createdAt: { gte: notBefore } } });
      return row ? toRecord(row) : null;
    },

    async lastUndoable(userId, conversationId, notBefore) {
      const row = await prisma.assistantAction.findFirst({
        where: { userId, conversationId, undoneAt: null, createdAt: { gte: notBefore } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return row ? toRecord(row) : null;
    },

    async undoneIds(userId, conversationId) {
      const rows = await prisma.assistantAction.findMany({
        where: { userId, conversationId, undoneAt: { not: null } },
        select: { id: true },
      });
      return new Set(rows.map((row) => row.id));
    },

    async undo(action, now) {
      try {
        return await prisma.$transaction(async (tx) => {
          // The claim is a row lock: a concurrent undo of the same action waits, then finds it taken.
          const claimed = await tx.assistantAction.updateMany({ where: { id: action.id, undoneAt: null }, data: { undoneAt: now } });
          if (claimed.count === 0) return { kind: 'already_undone' } as const;
          if (!(await reverse(tx, action))) {
            throw new TaskChangedSince(await tx.task.findFirst({ where: { id: action.taskId, userId: action.userId } }));
          }
          return { kind: 'undone' } as const;
        });
      } catch (error) {
        if (error instanceof TaskChangedSince) return { kind: 'conflict', current: error.current };
        throw error;
      }
    },
  };
}
