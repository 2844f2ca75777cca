import type { Task } from '@todo/contracts';

/** Immutable list edits used by the board's optimistic updates and their rollbacks. */
export function replaceById(tasks: readonly Task[], id: string, replacement: Task): Task[] {
  return tasks.map((task) => (task.id === id ? replacement : task));
}

export function withoutId(tasks: readonly Task[], id: string): Task[] {
  return tasks.filter((task) => task.id !== id);
}

/** Puts a task back where it was, or at the end if the list has since shrunk. */
export function insertAt(tasks: readonly Task[], index: number, task: Task): Task[] {
  const next = withoutId(tasks, task.id);
  next.splice(Math.min(Math.max(index, 0), next.length), 0, task);
  return next;
}
