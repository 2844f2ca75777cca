import type { Message } from '@todo/contracts';
import { threadFromMessages } from './thread';

function message(id: string, role: Message['role'], content: string, toolCalls: Message['toolCalls'] = null): Message {
  return { id, role, content, toolCalls, createdAt: '2026-11-25T10:00:00.000Z' };
}

describe('threadFromMessages', () => {
  it('when a turn ends with tool calls and no text, then the calls still show as their own bubble', () => {
    const calls = [{ name: 'delete_task', arguments: { id: 'x' } }];
    expect(threadFromMessages([message('1', 'user', 'Delete it'), message('2', 'assistant', '', calls), message('3', 'tool', '{}')])).toEqual([
      { id: '1', role: 'user', content: 'Delete it', toolCalls: [] },
      { id: '2-actions', role: 'assistant', content: '', toolCalls: calls },
    ]);
  });

  it('when the assistant answers with text and calls in one message, then both are in one bubble', () => {
    const calls = [{ name: 'add_task', arguments: { title: 'Bread' } }];
    expect(threadFromMessages([message('1', 'assistant', 'Added.', calls)])).toEqual([
      { id: '1', role: 'assistant', content: 'Added.', toolCalls: calls },
    ]);
  });
});

describe('threadFromMessages, interrupted turn', () => {
  it('when a turn with tool calls got no answer before the next question, then its calls are kept', () => {
    const calls = [{ name: 'add_task', arguments: { title: 'Eggs' } }];
    expect(
      threadFromMessages([message('1', 'user', 'Add eggs'), message('2', 'assistant', '', calls), message('3', 'user', 'Thanks')]).map(
        (entry) => entry.id,
      ),
    ).toEqual(['1', '2-actions', '3']);
  });
});
