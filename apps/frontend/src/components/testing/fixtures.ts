import type { Conversation, Task, ToolCall } from '@todo/contracts';

/** One task as the API answers it; the tests change only what they are about. */
export function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    title: 'Buy milk',
    description: null,
    completed: false,
    priority: 'medium',
    dueDate: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

export const conversationId = 'c0000000-0000-4000-8000-000000000001';

export const conversation: Conversation = {
  id: conversationId,
  title: 'Groceries',
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
};

/** The task an `add_task` tool call reports (a tool result carries no timestamps). */
export const milkTask = {
  id: 't0000000-0000-4000-8000-000000000001',
  title: 'Buy milk',
  description: null,
  completed: false,
  priority: 'medium' as const,
  dueDate: null,
};

export const addMilk: ToolCall = {
  id: 'call-1',
  name: 'add_task',
  arguments: { title: 'Buy milk' },
  result: { task: milkTask },
  undone: false,
};
