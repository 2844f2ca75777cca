import type { ToolCall } from '@todo/contracts';

/** Tools that change tasks: after any of them succeeds, the board must be refreshed. */
const TASK_CHANGING_TOOLS = new Set(['add_task', 'update_task', 'complete_task', 'delete_task']);

const VERBS: Record<string, { done: string; failed: string }> = {
  add_task: { done: 'added task', failed: 'could not add task' },
  update_task: { done: 'updated task', failed: 'could not update task' },
  complete_task: { done: 'completed task', failed: 'could not complete task' },
  delete_task: { done: 'deleted task', failed: 'could not delete task' },
  list_tasks: { done: 'looked up tasks', failed: 'could not look up tasks' },
};

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The task title a call is about: from what the tool returned, else from what the model asked. */
function taskTitle(call: ToolCall): string | undefined {
  const result = asRecord(call.result);
  const candidates = [result?.title, asRecord(result?.task)?.title, call.arguments.title];
  const title = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
  return title;
}

function listedCount(result: unknown): number | undefined {
  if (Array.isArray(result)) return result.length;
  const record = asRecord(result);
  const list = record?.items ?? record?.tasks;
  return Array.isArray(list) ? list.length : undefined;
}

/** A readable one-line summary of a tool call, e.g. "added task: Buy milk". */
export function describeToolCall(call: ToolCall): { label: string; failed: boolean } {
  const failed = call.error !== undefined;
  const verbs = VERBS[call.name];
  if (!verbs) return { label: failed ? `${call.name} failed: ${call.error}` : `ran ${call.name}`, failed };
  const verb = failed ? verbs.failed : verbs.done;

  let label: string;
  if (call.name === 'list_tasks') {
    const count = listedCount(call.result);
    label = failed || count === undefined ? verb : `found ${count} task${count === 1 ? '' : 's'}`;
  } else {
    const title = taskTitle(call);
    label = title ? `${verb}: ${title}` : verb.replace(/task$/, 'a task');
  }
  return { label: failed ? `${label} (${call.error})` : label, failed };
}

/** Whether the assistant's turn changed any task, so the board must be reloaded. */
export function changedTasks(toolCalls: readonly ToolCall[]): boolean {
  return toolCalls.some((call) => TASK_CHANGING_TOOLS.has(call.name) && call.error === undefined);
}
