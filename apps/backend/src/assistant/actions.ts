/**
 * Undo for the assistant's task changes. Each successful add/update/complete/delete tool call is
 * stored with the task before and after it (a stored copy, not a soft delete: see the README);
 * undo reverses exactly that call, for its owner, on any replica:
 *   - an added task is deleted again,
 *   - an update or completion gets its previous field values back,
 *   - a deleted task comes back with its id, fields and timestamps.
 * Undo is idempotent (a second one answers the same, changing nothing). If the task changed since
 * the action, nothing is touched and the conflict names what changed.
 */
import type { Task, UndoConflictDetails, UndoableToolName, UndoneAction } from '@todo/contracts';
import { ConflictError, NotFoundError, type AppError } from '../errors';
import { isUuid } from '../db/uuid';
import type { Task as TaskRecord } from '../generated/prisma/client';
import { toTask } from '../tasks/tasks.service';
import type { ActionRecord, ActionsRepository } from './actions.repository';

/** How long an action can be undone; its stored copy is deleted after that. */
export const undoRetentionMs = 30 * 24 * 60 * 60 * 1000;

/** What a task-changing tool did: the task before and after (null where there is none). */
export interface TaskChange {
  tool: UndoableToolName;
  before: Task | null;
  after: Task | null;
}

export interface AssistantActions {
  record(userId: string, conversationId: string, toolCallId: string, change: TaskChange): Promise<void>;
  /** 404 for an unknown id or another user's; 409 when the task changed since. */
  undo(userId: string, conversationId: string, toolCallId: string): Promise<UndoneAction>;
  /** The newest action of the conversation not undone yet (`undo_last_action`); 404 when none is left. */
  undoLast(userId: string, conversationId: string): Promise<UndoneAction>;
  undoneIds(userId: string, conversationId: string): Promise<Set<string>>;
}

/** The answer for ids that name no undoable action of the user (the route's too, for a path id that is no id). */
export const toolCallNotFound = (conversationId: string, toolCallId: string) =>
  new NotFoundError(`Tool call ${toolCallId} not found in conversation ${conversationId}`);

export function createAssistantActions(options: { repository: ActionsRepository; now?: () => Date }): AssistantActions {
  const { repository } = options;
  const now = options.now ?? (() => new Date());
  const oldestUndoable = () => new Date(now().getTime() - undoRetentionMs);

  async function undoAction(action: ActionRecord): Promise<UndoneAction> {
    const outcome = await repository.undo(action, now());
    if (outcome.kind === 'conflict') throw conflictError(action, outcome.current);
    return undoneAction(action);
  }

  return {
    async record(userId, conversationId, toolCallId, change) {
      const taskId = (change.after ?? change.before)!.id;
      await repository.record({ id: toolCallId, userId, conversationId, taskId, ...change }, oldestUndoable());
    },

    async undo(userId, conversationId, toolCallId) {
      // The route's params schema parsed the conversation id as a UUID; the contract leaves the tool
      // call id any string (it is the `ToolCall.id` the API reported), and only a UUID can name a row.
      const action = isUuid(toolCallId) ? await repository.find(userId, conversationId, toolCallId, oldestUndoable()) : null;
      if (!action) throw toolCallNotFound(conversationId, toolCallId);
      return undoAction(action);
    },

    async undoLast(userId, conversationId) {
      const action = await repository.lastUndoable(userId, conversationId, oldestUndoable());
      if (!action) throw new NotFoundError('There is no action of the assistant left to undo in this conversation');
      return undoAction(action);
    },

    undoneIds: (userId, conversationId) => repository.undoneIds(userId, conversationId),
  };
}

function undoneAction(action: ActionRecord): UndoneAction {
  const task = (action.before ?? action.after)!;
  return { toolCallId: action.id, name: action.tool, task: { id: task.id, title: task.title } };
}

const comparedFields = ['title', 'description', 'completed', 'priority', 'dueDate'] as const;

/** The fields that differ between what the action left and the task now; `deleted` when it is gone. */
export function changedSince(left: Task, current: Task | null): UndoConflictDetails['changed'] {
  if (current === null) return ['deleted'];
  return comparedFields.filter((field) => left[field] !== current[field]);
}

function conflictError(action: ActionRecord, currentRecord: TaskRecord | null): AppError {
  const title = (action.after ?? action.before)!.title;
  if (action.tool === 'delete_task') {
    return new ConflictError(`Task “${title}” is already back; there is nothing to restore`, { changed: [] });
  }
  const changed = changedSince(action.after!, currentRecord ? toTask(currentRecord) : null);
  const details: UndoConflictDetails = { changed };
  const message = changed.includes('deleted')
    ? `Task “${title}” was deleted after the assistant's action, so it cannot be undone`
    : `Task “${title}” changed after the assistant's action (${changed.join(', ')}); undoing it would overwrite that`;
  return new ConflictError(message, details);
}
