import { selectHistory, toApiMessages, toModelMessage, type ChatMessage } from './messages';

const at = new Date('2026-11-26T00:00:00.000Z');

function user(content: string): ChatMessage {
  return { role: 'user', content, toolCalls: null, toolCallId: null, createdAt: at };
}
function assistant(content: string): ChatMessage {
  return { role: 'assistant', content, toolCalls: null, toolCallId: null, createdAt: at };
}
function call(id: string): ChatMessage {
  return {
    role: 'assistant',
    content: '',
    toolCalls: [{ id, type: 'function', function: { name: 'list_tasks', arguments: '{}' } }],
    toolCallId: null,
    createdAt: at,
  };
}
function result(id: string): ChatMessage {
  return {
    role: 'tool',
    content: '{"tasks":[]}',
    toolCalls: [{ id: `shown-${id}`, name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } }],
    toolCallId: id,
    createdAt: at,
  };
}

describe('selectHistory', () => {
  const conversation = [user('q1'), assistant('a1'), user('q2'), call('c1'), result('c1'), assistant('a2')];

  it('when everything fits, then the whole conversation is kept', () => {
    expect(selectHistory(conversation, { maxMessages: 50, maxChars: 10_000 })).toEqual(conversation);
  });

  it('when the message budget cuts inside a turn, then the history starts at the next user message', () => {
    // The last 5 would start at a1, an answer without its question.
    expect(selectHistory(conversation, { maxMessages: 5, maxChars: 10_000 })).toEqual(conversation.slice(2));
  });

  it('when the cut would orphan a tool result, then the whole turn is dropped', () => {
    // The last 2 are result + answer: no user message in range, so nothing of the past is sent.
    expect(selectHistory(conversation, { maxMessages: 2, maxChars: 10_000 })).toEqual([]);
  });

  it('when the character budget is smaller than the newest turn, then nothing is sent', () => {
    expect(selectHistory(conversation, { maxMessages: 50, maxChars: 10 })).toEqual([]);
  });

  it('when the character budget fits only the last turn, then only that turn is kept', () => {
    const long = [user('x'.repeat(100)), assistant('y'.repeat(100)), user('q'), assistant('a')];

    expect(selectHistory(long, { maxMessages: 50, maxChars: 150 })).toEqual(long.slice(2));
  });
});

describe('toModelMessage', () => {
  it('when the assistant called tools, then the calls are replayed with content null', () => {
    expect(toModelMessage(call('c1'))).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'list_tasks', arguments: '{}' } }],
    });
  });

  it('when it is a tool result, then it answers its call id', () => {
    expect(toModelMessage(result('c1'))).toEqual({ role: 'tool', tool_call_id: 'c1', content: '{"tasks":[]}' });
  });
});

describe('toApiMessages', () => {
  const deleted: ChatMessage = {
    role: 'tool',
    content: '{"deleted":{}}',
    toolCalls: [
      { id: 'shown-c2', name: 'delete_task', arguments: { id: 't1' }, result: { deleted: { id: 't1', title: 'Old' } }, undone: false },
    ],
    toolCallId: 'c2',
    createdAt: at,
  };
  const twoCalls: ChatMessage = {
    ...call('c1'),
    toolCalls: [
      { id: 'c1', type: 'function', function: { name: 'list_tasks', arguments: '{}' } },
      { id: 'c2', type: 'function', function: { name: 'delete_task', arguments: '{"id":"t1"}' } },
    ],
  };

  it('when the assistant called tools, then its calls are shown with the outcomes of the tool messages answering them', () => {
    const stored = [twoCalls, result('c1'), deleted].map((message, index) => ({ ...message, id: `m${index}` }));

    const [assistantMessage, listed, removed] = toApiMessages(stored, new Set());

    expect(assistantMessage).toEqual({
      id: 'm0',
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'shown-c1', name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } },
        { id: 'shown-c2', name: 'delete_task', arguments: { id: 't1' }, result: { deleted: { id: 't1', title: 'Old' } }, undone: false },
      ],
      createdAt: '2026-11-26T00:00:00.000Z',
    });
    expect(listed!.toolCalls).toEqual([{ id: 'shown-c1', name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } }]);
    expect(removed!.toolCalls).toEqual(assistantMessage!.toolCalls!.slice(1));
  });

  it('when a call was undone since it was stored, then it is shown undone', () => {
    const stored = [twoCalls, result('c1'), deleted].map((message, index) => ({ ...message, id: `m${index}` }));

    const [assistantMessage, , removed] = toApiMessages(stored, new Set(['shown-c2']));

    expect(assistantMessage!.toolCalls![1]).toMatchObject({ id: 'shown-c2', undone: true });
    expect(removed!.toolCalls![0]).toMatchObject({ id: 'shown-c2', undone: true });
  });

  it('when a stored call has no id (stored before ids existed), then the model call id stands in', () => {
    const old: ChatMessage = {
      ...result('c9'),
      toolCalls: [{ name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } }] as never,
    };

    expect(toApiMessages([{ ...old, id: 'm1' }], new Set())[0]!.toolCalls).toEqual([
      { id: 'c9', name: 'list_tasks', arguments: {}, result: { tasks: [], nextCursor: null } },
    ]);
  });
});
