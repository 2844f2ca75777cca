import type { ToolCall, ToolTask } from '@todo/contracts';
import { canUndo, changedTasks, describeToolCall } from './tool-calls';

const task = (title: string, completed = false): ToolTask => ({
  id: 'b9a7c6d5-0000-4000-8000-000000000001',
  title,
  description: null,
  completed,
  priority: 'medium',
  dueDate: null,
});

const added: ToolCall = { id: 'c1', name: 'add_task', arguments: { title: 'Buy milk' }, result: { task: task('Buy milk') }, undone: false };

describe('describeToolCall', () => {
  it.each<[ToolCall, string]>([
    [added, 'added task: Buy milk'],
    [
      { id: 'c2', name: 'update_task', arguments: { id: 'x', title: 'Pay rent' }, result: { task: task('Pay rent') }, undone: false },
      'updated task: Pay rent',
    ],
    [
      { id: 'c3', name: 'complete_task', arguments: { id: 'x' }, result: { task: task('Pay rent', true) }, undone: false },
      'completed task: Pay rent',
    ],
    [
      { id: 'c4', name: 'delete_task', arguments: { id: 'x' }, result: { deleted: { id: 'x', title: 'Old' } }, undone: true },
      'deleted task: Old',
    ],
    [
      { id: 'c5', name: 'list_tasks', arguments: {}, result: { tasks: [task('a'), task('b'), task('c')], nextCursor: null } },
      'found 3 tasks',
    ],
    [{ id: 'c6', name: 'list_tasks', arguments: {}, result: { tasks: [task('a')], nextCursor: null } }, 'found 1 task'],
    [
      {
        id: 'c7',
        name: 'undo_last_action',
        arguments: {},
        result: { undone: { toolCallId: 'c4', name: 'delete_task', task: { id: 'x', title: 'Old' } } },
      },
      'restored task: Old',
    ],
    [
      {
        id: 'c8',
        name: 'undo_last_action',
        arguments: {},
        result: { undone: { toolCallId: 'c1', name: 'add_task', task: { id: 'x', title: 'Buy milk' } } },
      },
      'removed the added task: Buy milk',
    ],
  ])('when the call is %j, then the chip reads %j', (call, label) => {
    expect(describeToolCall(call)).toEqual({ label, failed: false });
  });

  it('when the tool failed, then the chip says so with the title asked for and the reason', () => {
    const call: ToolCall = { id: 'c9', name: 'update_task', arguments: { title: 'X' }, error: 'task not found' };
    expect(describeToolCall(call)).toEqual({ label: 'could not update task: X (task not found)', failed: true });
  });

  it('when the model called a tool that does not exist, then the chip names it', () => {
    expect(describeToolCall({ id: 'c10', name: 'summarise', arguments: {}, error: 'unknown tool' })).toEqual({
      label: 'summarise failed (unknown tool)',
      failed: true,
    });
  });
});

describe('canUndo', () => {
  it('when a task change succeeded and is not undone, then Undo is offered; otherwise not', () => {
    expect(canUndo(added)).toBe(true);
    expect(canUndo({ ...added, undone: true })).toBe(false);
    expect(canUndo({ id: 'c5', name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } })).toBe(false);
    expect(canUndo({ id: 'c9', name: 'add_task', arguments: {}, error: 'invalid' })).toBe(false);
  });
});

describe('changedTasks', () => {
  it('when only a lookup ran, then the board does not need a refresh', () => {
    expect(changedTasks([{ id: 'c5', name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } }])).toBe(false);
  });

  it('when a task-changing tool or an undo succeeded, then the board needs a refresh', () => {
    expect(changedTasks([added])).toBe(true);
    expect(
      changedTasks([
        {
          id: 'c7',
          name: 'undo_last_action',
          arguments: {},
          result: { undone: { toolCallId: 'c1', name: 'add_task', task: { id: 'x', title: 'x' } } },
        },
      ]),
    ).toBe(true);
  });

  it('when the task-changing tool failed, then the board does not need a refresh', () => {
    expect(changedTasks([{ id: 'c9', name: 'add_task', arguments: { title: 'x' }, error: 'invalid' }])).toBe(false);
  });
});
