import type { Message, ToolCall } from '@todo/contracts';
import { markUndone, threadFromMessages, type ThreadEntry } from './thread';

const deleted: ToolCall = {
  id: 'd1',
  name: 'delete_task',
  arguments: { id: 'x' },
  result: { deleted: { id: 'x', title: 'Old' } },
  undone: false,
};
const added: ToolCall = {
  id: 'a1',
  name: 'add_task',
  arguments: { title: 'Bread' },
  result: { task: { id: 'y', title: 'Bread', description: null, completed: false, priority: 'medium', dueDate: null } },
  undone: false,
};

function message(id: string, role: Message['role'], content: string, toolCalls: Message['toolCalls'] = null): Message {
  return { id, role, content, toolCalls, createdAt: '2026-11-25T10:00:00.000Z' };
}

describe('threadFromMessages', () => {
  it('when a turn ends with tool calls and no text, then the calls still show as their own bubble', () => {
    const calls = [deleted];
    expect(
      threadFromMessages([message('1', 'user', 'Delete it'), message('2', 'assistant', '', calls), message('3', 'tool', '{}')]),
    ).toEqual([
      { id: '1', role: 'user', content: 'Delete it', toolCalls: [] },
      { id: '2-actions', role: 'assistant', content: '', toolCalls: calls },
    ]);
  });

  it('when the assistant answers with text and calls in one message, then both are in one bubble', () => {
    const calls = [added];
    expect(threadFromMessages([message('1', 'assistant', 'Added.', calls)])).toEqual([
      { id: '1', role: 'assistant', content: 'Added.', toolCalls: calls },
    ]);
  });
});

describe('threadFromMessages, interrupted turn', () => {
  it('when a turn with tool calls got no answer before the next question, then its calls are kept', () => {
    const calls = [added];
    expect(
      threadFromMessages([message('1', 'user', 'Add eggs'), message('2', 'assistant', '', calls), message('3', 'user', 'Thanks')]).map(
        (entry) => entry.id,
      ),
    ).toEqual(['1', '2-actions', '3']);
  });
});

describe('markUndone', () => {
  it('when a call is undone, then only that call turns undone, in every bubble that shows it', () => {
    const thread: ThreadEntry[] = [
      { id: '1', role: 'assistant', content: '', toolCalls: [deleted, added] },
      { id: '2', role: 'assistant', content: 'ok', toolCalls: [] },
    ];

    expect(markUndone(thread, 'd1')).toEqual([
      { id: '1', role: 'assistant', content: '', toolCalls: [{ ...deleted, undone: true }, added] },
      { id: '2', role: 'assistant', content: 'ok', toolCalls: [] },
    ]);
  });
});
