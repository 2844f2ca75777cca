import { selectHistory, toApiMessage, toModelMessage, type ChatMessage } from './messages';

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
    toolCalls: [{ name: 'list_tasks', arguments: {}, result: { tasks: [] } }],
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

describe('toApiMessage', () => {
  it('when the assistant called tools, then the API shows names and parsed arguments', () => {
    expect(toApiMessage({ ...call('c1'), id: 'm1' })).toEqual({
      id: 'm1',
      role: 'assistant',
      content: '',
      toolCalls: [{ name: 'list_tasks', arguments: {} }],
      createdAt: '2026-11-26T00:00:00.000Z',
    });
  });

  it('when it is a tool result, then the API shows the call with its result', () => {
    expect(toApiMessage({ ...result('c1'), id: 'm2' }).toolCalls).toEqual([
      { name: 'list_tasks', arguments: {}, result: { tasks: [] } },
    ]);
  });
});
