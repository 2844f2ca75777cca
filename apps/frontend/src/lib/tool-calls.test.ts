import { changedTasks, describeToolCall } from './tool-calls';

describe('describeToolCall', () => {
  it('when a task was added, then the chip names its title', () => {
    expect(describeToolCall({ name: 'add_task', arguments: { title: 'Buy milk' } })).toEqual({
      label: 'added task: Buy milk',
      failed: false,
    });
  });

  it('when the result carries the task, then its title wins over the arguments', () => {
    const call = { name: 'complete_task', arguments: { id: 'b9a7' }, result: { task: { title: 'Pay rent' } } };
    expect(describeToolCall(call).label).toBe('completed task: Pay rent');
  });

  it('when no title is known, then the chip says "a task"', () => {
    expect(describeToolCall({ name: 'delete_task', arguments: { id: 'b9a7' } }).label).toBe('deleted a task');
  });

  it('when tasks were listed, then the chip counts them', () => {
    const call = { name: 'list_tasks', arguments: {}, result: { items: [{}, {}, {}] } };
    expect(describeToolCall(call).label).toBe('found 3 tasks');
  });

  it('when the tool failed, then the chip says so with the reason', () => {
    const call = { name: 'update_task', arguments: { title: 'X' }, error: 'task not found' };
    expect(describeToolCall(call)).toEqual({ label: 'could not update task: X (task not found)', failed: true });
  });

  it('when the tool is unknown, then the chip names it', () => {
    expect(describeToolCall({ name: 'summarise', arguments: {} })).toEqual({ label: 'ran summarise', failed: false });
  });
});

describe('changedTasks', () => {
  it('when only a lookup ran, then the board does not need a refresh', () => {
    expect(changedTasks([{ name: 'list_tasks', arguments: {} }])).toBe(false);
  });

  it('when a task-changing tool succeeded, then the board needs a refresh', () => {
    expect(changedTasks([{ name: 'add_task', arguments: { title: 'x' } }])).toBe(true);
  });

  it('when the task-changing tool failed, then the board does not need a refresh', () => {
    expect(changedTasks([{ name: 'add_task', arguments: { title: 'x' }, error: 'invalid' }])).toBe(false);
  });
});
