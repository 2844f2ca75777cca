import { changedTasks as callChangedTasks, type ToolCall, type ToolName, type UndoableToolName } from '@todo/contracts';

/** What a chip says for each tool of the contract, when it ran and when it failed. */
const VERBS: Record<ToolName, { done: string; failed: string }> = {
  add_task: { done: 'added task', failed: 'could not add task' },
  list_tasks: { done: 'looked up tasks', failed: 'could not look up tasks' },
  update_task: { done: 'updated task', failed: 'could not update task' },
  complete_task: { done: 'completed task', failed: 'could not complete task' },
  delete_task: { done: 'deleted task', failed: 'could not delete task' },
  undo_last_action: { done: 'undid the last change', failed: 'could not undo' },
};

/** What undoing each kind of action did to its task. */
const UNDONE: Record<UndoableToolName, string> = {
  add_task: 'removed the added task',
  update_task: 'reverted the changes to',
  complete_task: 'reopened task',
  delete_task: 'restored task',
};

const isToolName = (name: string): name is ToolName => name in VERBS;

/** A readable one-line summary of a tool call, e.g. "added task: Buy milk". */
export function describeToolCall(call: ToolCall): { label: string; failed: boolean } {
  if ('error' in call) {
    if (!isToolName(call.name)) return { label: `${call.name} failed (${call.error})`, failed: true };
    const title = typeof call.arguments.title === 'string' && call.arguments.title !== '' ? call.arguments.title : undefined;
    const verb = VERBS[call.name].failed;
    return { label: `${title ? `${verb}: ${title}` : verb} (${call.error})`, failed: true };
  }
  const verb = VERBS[call.name].done;
  switch (call.name) {
    case 'list_tasks': {
      const count = call.result.tasks.length;
      return { label: `found ${count} task${count === 1 ? '' : 's'}`, failed: false };
    }
    case 'delete_task':
      return { label: `${verb}: ${call.result.deleted.title}`, failed: false };
    case 'undo_last_action':
      return { label: `${UNDONE[call.result.undone.name]}: ${call.result.undone.task.title}`, failed: false };
    default:
      return { label: `${verb}: ${call.result.task.title}`, failed: false };
  }
}

/** Whether the chip offers Undo: a task change that succeeded and is not undone yet. */
export function canUndo(call: ToolCall): boolean {
  return 'undone' in call && !call.undone;
}

/** Whether the assistant's turn changed any task, so the board must be reloaded. */
export function changedTasks(toolCalls: readonly ToolCall[]): boolean {
  return toolCalls.some(callChangedTasks);
}
