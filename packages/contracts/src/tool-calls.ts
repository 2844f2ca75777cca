import { z } from 'zod';
import { taskSchema } from './tasks';

/**
 * The assistant's tools as both sides see them: their names, what each returns, and the tool call
 * the API reports (a chip in the UI). The backend's tools return exactly these results; the
 * frontend's chips read them without guessing.
 */
export const toolNames = ['add_task', 'list_tasks', 'update_task', 'complete_task', 'delete_task', 'undo_last_action'] as const;
export const toolNameSchema = z.enum(toolNames);
export type ToolName = z.infer<typeof toolNameSchema>;

/** The tools whose success changed a task; each such call is stored with what reverses it. */
export const undoableToolNames = ['add_task', 'update_task', 'complete_task', 'delete_task'] as const;
export const undoableToolNameSchema = z.enum(undoableToolNames);
export type UndoableToolName = z.infer<typeof undoableToolNameSchema>;

/** The task as the model sees it in a tool result: what it needs to answer and to find ids. */
export const toolTaskSchema = taskSchema.pick({
  id: true,
  title: true,
  description: true,
  completed: true,
  priority: true,
  dueDate: true,
});
export type ToolTask = z.infer<typeof toolTaskSchema>;

/** One action reversed: by `POST .../tool-calls/:toolCallId/undo` or by the `undo_last_action` tool. */
export const undoneActionSchema = z.object({
  /** The id of the tool call that was undone. */
  toolCallId: z.string(),
  name: undoableToolNameSchema,
  /** The task it was about: removed again (add), restored (delete), or back to its earlier values. */
  task: toolTaskSchema.pick({ id: true, title: true }),
});
export type UndoneAction = z.infer<typeof undoneActionSchema>;

/** What each tool returns to the model when it succeeds. */
export const toolResultSchemas = {
  add_task: z.object({ task: toolTaskSchema }),
  list_tasks: z.object({ tasks: z.array(toolTaskSchema), nextCursor: z.string().nullable() }),
  update_task: z.object({ task: toolTaskSchema }),
  complete_task: z.object({ task: toolTaskSchema }),
  delete_task: z.object({ deleted: toolTaskSchema.pick({ id: true, title: true }) }),
  undo_last_action: z.object({ undone: undoneActionSchema }),
} as const satisfies Record<ToolName, z.ZodType>;
export type ToolResult<N extends ToolName> = z.infer<(typeof toolResultSchemas)[N]>;

const callFields = {
  /** Identifies this call; undo takes it. */
  id: z.string().min(1),
  /** What the model asked for (`{}` when its arguments were not a JSON object). */
  arguments: z.record(z.string(), z.unknown()),
};

/** A task-changing call that succeeded; `undone` turns true once it was reversed. */
const undoableCall = <N extends UndoableToolName>(name: N) =>
  z.object({ ...callFields, name: z.literal(name), result: toolResultSchemas[name], undone: z.boolean() });
const readOnlyCall = <N extends Exclude<ToolName, UndoableToolName>>(name: N) =>
  z.object({ ...callFields, name: z.literal(name), result: toolResultSchemas[name] });

export const succeededToolCallSchema = z.discriminatedUnion('name', [
  undoableCall('add_task'),
  readOnlyCall('list_tasks'),
  undoableCall('update_task'),
  undoableCall('complete_task'),
  undoableCall('delete_task'),
  readOnlyCall('undo_last_action'),
]);
export type SucceededToolCall = z.infer<typeof succeededToolCallSchema>;

/** A call that changed nothing: unknown tool, invalid arguments, or refused (e.g. no such task). */
export const failedToolCallSchema = z.object({
  ...callFields,
  /** Whatever the model called, which may not be a tool at all. */
  name: z.string(),
  error: z.string(),
});
export type FailedToolCall = z.infer<typeof failedToolCallSchema>;

/** One tool the assistant ran during a turn: what it returned, or why it failed (`'error' in call`). */
export const toolCallSchema = z.union([succeededToolCallSchema, failedToolCallSchema]);
export type ToolCall = z.infer<typeof toolCallSchema>;

export const isUndoableToolName = (name: string): name is UndoableToolName => (undoableToolNames as readonly string[]).includes(name);

/** Whether a call changed a task (so a board showing tasks must be refreshed). */
export function changedTasks(call: ToolCall): boolean {
  return !('error' in call) && (isUndoableToolName(call.name) || call.name === 'undo_last_action');
}

/** `POST /conversations/:id/tool-calls/:toolCallId/undo` answers with what was reversed. */
export const undoResponseSchema = z.object({ undone: undoneActionSchema });
export type UndoResponse = z.infer<typeof undoResponseSchema>;

/** `details` of the 409 when the task changed after the assistant's action. */
export const undoConflictDetailsSchema = z.object({
  /** The task fields that differ from what the action left, or `deleted` when the task is gone. */
  changed: z.array(z.enum(['title', 'description', 'completed', 'priority', 'dueDate', 'deleted'])),
});
export type UndoConflictDetails = z.infer<typeof undoConflictDetailsSchema>;
