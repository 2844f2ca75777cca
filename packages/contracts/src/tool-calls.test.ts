import { parseChatStreamEvent } from './assistant';
import { toolCallSchema, toolNames, toolResultSchemas, undoableToolNames } from './tool-calls';

const task = {
  id: '0b6f3c1e-8a8e-4d0b-9d3b-3a5c8e1f2a10',
  title: 'Buy milk',
  description: null,
  completed: false,
  priority: 'medium',
  dueDate: null,
};

describe('toolCallSchema', () => {
  it('when a task-changing call succeeded, then it parses with its typed result and undo state', () => {
    const call = { id: 'c1', name: 'add_task', arguments: { title: 'Buy milk' }, result: { task }, undone: false };
    expect(toolCallSchema.parse(call)).toEqual(call);
  });

  it('when a call failed, then any name is allowed (the model may call a tool that does not exist)', () => {
    const call = { id: 'c2', name: 'drop_database', arguments: {}, error: 'unknown tool' };
    expect(toolCallSchema.parse(call)).toEqual(call);
  });

  it("when a result does not have its tool's shape, then the call is refused", () => {
    expect(toolCallSchema.safeParse({ id: 'c3', name: 'list_tasks', arguments: {}, result: { items: [] } }).success).toBe(false);
    expect(toolCallSchema.safeParse({ id: 'c4', name: 'delete_task', arguments: {}, result: { task }, undone: false }).success).toBe(false);
    expect(toolCallSchema.safeParse({ id: 'c5', name: 'add_task', arguments: {}, result: { task } }).success).toBe(false);
  });

  it('when the tools are listed, then every one has a result schema and the undoable ones are the task changes', () => {
    expect(Object.keys(toolResultSchemas)).toEqual([...toolNames]);
    expect(undoableToolNames).toEqual(['add_task', 'update_task', 'complete_task', 'delete_task']);
  });
});

describe('parseChatStreamEvent', () => {
  it('when a known event arrives, then its data is parsed by its schema; an unknown event is skipped', () => {
    expect(parseChatStreamEvent('delta', '{"text":"Hi"}')).toEqual({ event: 'delta', data: { text: 'Hi' } });
    expect(parseChatStreamEvent('something_new', '{}')).toBeUndefined();
    expect(() => parseChatStreamEvent('start', '{"conversationId":"nope"}')).toThrow();
  });
});
