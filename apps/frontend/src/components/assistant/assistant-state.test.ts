/** @jest-environment node */
import type { ChatStreamEvent, ToolCall } from '@todo/contracts';
import { ApiError } from '../../lib/api/api-error';
import { connectionLost } from '../../lib/api/chat-stream';
import {
  assistantReducer,
  initialAssistantState,
  isThinking,
  streamEnd,
  type AssistantAction,
  type AssistantState,
} from './assistant-state';
import { addMilk, conversation, conversationId, milkTask } from '../testing/fixtures';

const existingId = conversationId;
const startedId = 'c0000000-0000-4000-8000-000000000002';
const undoLast: ToolCall = {
  id: 'call-2',
  name: 'undo_last_action',
  arguments: {},
  result: { undone: { toolCallId: 'call-1', name: 'add_task', task: { id: milkTask.id, title: 'Buy milk' } } },
};

const idle = initialAssistantState([conversation], null);

function reduce(state: AssistantState, ...actions: AssistantAction[]): AssistantState {
  return actions.reduce(assistantReducer, state);
}

const event = (streamed: ChatStreamEvent): AssistantAction => ({ type: 'streamEvent', replyId: 'local-2', event: streamed });
const started = (previousId: string | null = null): AssistantAction => ({
  type: 'turnStarted',
  message: 'Add milk',
  previousId,
  userEntryId: 'local-1',
  replyId: 'local-2',
});
const ended = (end: Parameters<typeof streamEnd>): AssistantAction => ({ type: 'streamEnded', replyId: 'local-2', end: streamEnd(...end) });
const startEvent = (conversationId = startedId) => event({ event: 'start', data: { conversationId } });
const toolCallEvent = event({ event: 'tool_call', data: addMilk });
const errorEvent = event({
  event: 'error',
  data: { error: { code: 'llm_timeout', message: 'The assistant took too long to answer; try again' } },
});
const userBubble = { id: 'local-1', role: 'user', content: 'Add milk', toolCalls: [] };

/** A continued conversation: open, loaded, nothing said yet in this session. */
const inConversation = reduce(idle, { type: 'conversationOpened', id: existingId }, { type: 'threadLoaded', id: existingId, messages: [] });

describe('assistantReducer, a turn that completes', () => {
  it('when a message is sent, then its bubble shows, the composer empties, the error goes and the turn runs', () => {
    const state = reduce({ ...idle, draft: 'Add milk  ', error: 'Earlier failure' }, started());

    expect(state.thread).toEqual([userBubble]);
    expect(state.draft).toBe('');
    expect(state.error).toBeNull();
    expect(state.announcement).toBe('The assistant is answering…');
    expect(state.turn).toEqual({
      userEntryId: 'local-1',
      replyId: 'local-2',
      message: 'Add milk',
      previousId: null,
      ranTools: false,
      ended: false,
      abandoned: false,
    });
    expect(isThinking(state)).toBe(true);
  });

  it('when the stream starts, then the conversation it names is open and an empty reply bubble streams', () => {
    const state = reduce(idle, started(), startEvent());

    expect(state.activeId).toBe(startedId);
    expect(state.thread[1]).toEqual({ id: 'local-2', role: 'assistant', content: '', toolCalls: [], status: 'streaming' });
    expect(isThinking(state)).toBe(true);
  });

  it('when deltas arrive, then their text is appended to the reply and the thinking spinner gives way', () => {
    const state = reduce(
      idle,
      started(),
      startEvent(),
      event({ event: 'delta', data: { text: 'Sure, ' } }),
      event({ event: 'delta', data: { text: 'adding.' } }),
    );

    expect(state.thread[1]?.content).toBe('Sure, adding.');
    expect(isThinking(state)).toBe(false);
  });

  it('when a tool call arrives, then its chip shows, it is announced and the turn counts as having run a tool', () => {
    const state = reduce(idle, started(), startEvent(), toolCallEvent);

    expect(state.thread[1]?.toolCalls).toEqual([addMilk]);
    expect(state.announcement).toBe('added task: Buy milk');
    expect(state.turn?.ranTools).toBe(true);
    expect(isThinking(state)).toBe(false);
  });

  it('when the assistant undoes its last action, then the earlier chip turns undone', () => {
    const state = reduce(idle, started(), startEvent(), toolCallEvent, event({ event: 'tool_call', data: undoLast }));

    expect(state.thread[1]?.toolCalls).toEqual([{ ...addMilk, undone: true }, undoLast]);
  });

  it('when done repeats the streamed words, then the streamed text stays, the chips are the final ones and a new conversation is fetched', () => {
    const state = reduce(
      { ...idle, unavailable: 'Not configured' },
      started(),
      startEvent(),
      event({ event: 'delta', data: { text: 'Sure, adding that. Added.' } }),
      event({ event: 'done', data: { conversationId: startedId, reply: 'Added.', toolCalls: [addMilk] } }),
    );

    expect(state.thread[1]).toEqual({
      id: 'local-2',
      role: 'assistant',
      content: 'Sure, adding that. Added.',
      toolCalls: [addMilk],
      status: undefined,
    });
    expect(state.unavailable).toBeNull();
    expect(state.announcement).toBe('The assistant answered: Added.');
    expect(state.turn?.ended).toBe(true);
    expect(state.storedConversations).toBe(1);
  });

  it('when done differs from the streamed words, then the reply replaces them', () => {
    const state = reduce(
      idle,
      started(),
      startEvent(),
      event({ event: 'delta', data: { text: 'Hm' } }),
      event({ event: 'done', data: { conversationId: startedId, reply: 'Added.', toolCalls: [] } }),
    );

    expect(state.thread[1]?.content).toBe('Added.');
  });

  it("when a continued conversation's turn is done, then the conversation list is not fetched again", () => {
    const state = reduce(
      inConversation,
      started(existingId),
      startEvent(existingId),
      event({ event: 'done', data: { conversationId: existingId, reply: 'Added.', toolCalls: [] } }),
    );

    expect(state.storedConversations).toBe(0);
  });

  it('when the request settles after done, then only the turn ends', () => {
    const done = reduce(
      idle,
      started(),
      startEvent(),
      event({ event: 'done', data: { conversationId: startedId, reply: 'Added.', toolCalls: [] } }),
    );

    expect(reduce(done, ended([connectionLost(), false]))).toEqual({ ...done, turn: null });
  });
});

describe('assistantReducer, a turn cut short before any tool ran', () => {
  it('when the error event arrives, then the turn is forgotten: bubbles gone, message back, the conversation before it open', () => {
    const state = reduce({ ...idle, draft: '' }, started(), startEvent(), event({ event: 'delta', data: { text: 'Let me' } }), errorEvent);

    expect(state.thread).toEqual([]);
    expect(state.draft).toBe('Add milk');
    expect(state.activeId).toBeNull();
    expect(state.error).toBe('The assistant took too long to answer; try again');
    expect(state.announcement).toBe('The assistant could not finish this reply.');
    expect(state.storedConversations).toBe(0);
    expect(state.turn?.ended).toBe(true);
  });

  it("when a continued conversation's turn gets the error event, then that conversation stays open", () => {
    const state = reduce(inConversation, started(existingId), startEvent(existingId), errorEvent);

    expect(state.activeId).toBe(existingId);
    expect(state.thread).toEqual([]);
  });

  it("when the connection breaks after the error event, then the error event's message stays", () => {
    const failed = reduce(idle, started(), startEvent(), errorEvent);

    expect(reduce(failed, ended([connectionLost(), false]))).toEqual({ ...failed, turn: null });
  });

  it('when Stop aborts the stream mid-reply, then the turn is forgotten with no error and "Stopped." is announced', () => {
    const state = reduce(
      idle,
      started(),
      startEvent(),
      event({ event: 'delta', data: { text: 'Let me think' } }),
      ended([new DOMException('aborted', 'AbortError'), true]),
    );

    expect(state.thread).toEqual([]);
    expect(state.draft).toBe('Add milk');
    expect(state.activeId).toBeNull();
    expect(state.error).toBeNull();
    expect(state.announcement).toBe('Stopped.');
    expect(state.turn).toBeNull();
  });

  it('when the stream closes without done or error, then the lost connection is the error and the message returns', () => {
    const state = reduce(idle, started(), startEvent(), ended([connectionLost(), false]));

    expect(state.error).toBe(connectionLost().message);
    expect(state.draft).toBe('Add milk');
    expect(state.announcement).toBe('');
    expect(state.turn).toBeNull();
  });

  it('when the assistant is not configured, then a standing notice shows instead of an error and the message returns', () => {
    const notConfigured = new ApiError(503, 'llm_unavailable', 'The assistant is not configured: set GROQ_API_KEY and LLM_PROVIDER=groq.');
    const state = reduce(idle, started(), ended([notConfigured, false]));

    expect(state.unavailable).toBe('The assistant is not configured: set GROQ_API_KEY and LLM_PROVIDER=groq.');
    expect(state.error).toBeNull();
    expect(state.thread).toEqual([]);
    expect(state.draft).toBe('Add milk');
  });
});

describe('assistantReducer, a turn cut short after a tool ran', () => {
  const ranTool = reduce(idle, started(), startEvent(), toolCallEvent);

  it('when the error event arrives, then the stored turn stays, marked failed, and the new conversation is fetched', () => {
    const state = reduce(ranTool, errorEvent);

    expect(state.thread).toEqual([userBubble, { id: 'local-2', role: 'assistant', content: '', toolCalls: [addMilk], status: 'failed' }]);
    expect(state.activeId).toBe(startedId);
    expect(state.draft).toBe('');
    expect(state.error).toBe('The assistant took too long to answer; try again');
    expect(state.announcement).toBe('The assistant could not finish this reply.');
    expect(state.storedConversations).toBe(1);
  });

  it('when Stop aborts it, then its chips stay, marked stopped, with no error', () => {
    const state = reduce(ranTool, ended([new DOMException('aborted', 'AbortError'), true]));

    expect(state.thread[1]?.status).toBe('stopped');
    expect(state.error).toBeNull();
    expect(state.announcement).toBe('Stopped.');
    expect(state.storedConversations).toBe(1);
    expect(state.turn).toBeNull();
  });

  it('when the connection breaks, then its chips stay, marked failed, with the error', () => {
    const state = reduce(ranTool, ended([connectionLost(), false]));

    expect(state.thread[1]?.status).toBe('failed');
    expect(state.error).toBe(connectionLost().message);
    expect(state.announcement).toBe('The assistant could not finish this reply.');
  });

  it("when a continued conversation's turn is cut, then the conversation list is not fetched again", () => {
    const state = reduce(inConversation, started(existingId), startEvent(existingId), toolCallEvent, ended([connectionLost(), false]));

    expect(state.storedConversations).toBe(0);
  });
});

describe('assistantReducer, switching conversations', () => {
  it('when a conversation is opened, then the thread empties, the error goes and it loads', () => {
    const state = reduce({ ...idle, error: 'Earlier failure' }, { type: 'conversationOpened', id: existingId });

    expect(state).toEqual({ ...idle, activeId: existingId, loadingThread: true, error: null });
  });

  it('when its messages arrive, then they show and loading ends', () => {
    const state = reduce(
      idle,
      { type: 'conversationOpened', id: existingId },
      {
        type: 'threadLoaded',
        id: existingId,
        messages: [{ id: 'm1', role: 'user', content: 'Add milk', toolCalls: null, createdAt: '2026-11-25T10:00:00.000Z' }],
      },
    );

    expect(state.thread).toEqual([{ id: 'm1', role: 'user', content: 'Add milk', toolCalls: [] }]);
    expect(state.loadingThread).toBe(false);
  });

  it('when its messages cannot be loaded, then the error says so and loading ends', () => {
    const state = reduce(
      idle,
      { type: 'conversationOpened', id: existingId },
      { type: 'threadFailed', id: existingId, reason: 'Conversation not found' },
    );

    expect(state.error).toBe('Could not load this conversation: Conversation not found');
    expect(state.loadingThread).toBe(false);
  });

  it('when the messages or the failure of an earlier conversation arrive after another was opened, then they are ignored', () => {
    const otherId = '33333333-3333-4333-8333-333333333333';
    const opened = reduce(idle, { type: 'conversationOpened', id: existingId }, { type: 'conversationOpened', id: otherId });
    const late = reduce(
      opened,
      {
        type: 'threadLoaded',
        id: existingId,
        messages: [{ id: 'm1', role: 'user', content: 'Add milk', toolCalls: null, createdAt: '2026-11-25T10:00:00.000Z' }],
      },
      { type: 'threadFailed', id: existingId, reason: 'Conversation not found' },
    );

    expect(late).toEqual(opened);
    expect(late.loadingThread).toBe(true);
  });

  it('when a new conversation is chosen, then nothing loads', () => {
    expect(reduce(inConversation, { type: 'conversationOpened', id: null })).toEqual({ ...inConversation, activeId: null });
  });

  it('when a conversation is opened mid-turn, then the rest of that turn is ignored and only its end clears it', () => {
    const switched = reduce(idle, started(), startEvent(), { type: 'conversationOpened', id: null });
    const afterwards = reduce(switched, toolCallEvent, ended([new DOMException('aborted', 'AbortError'), true]));

    expect(switched.turn?.abandoned).toBe(true);
    expect(switched.announcement).toBe('');
    expect(afterwards).toEqual({ ...switched, turn: null });
  });

  it('when the list was fetched again, then it replaces the one shown', () => {
    const renamed = { ...conversation, title: 'Shopping' };

    expect(reduce(idle, { type: 'conversationsLoaded', conversations: [renamed] }).conversations).toEqual([renamed]);
  });
});

describe('assistantReducer, undo', () => {
  const withChip = reduce(
    inConversation,
    started(existingId),
    startEvent(existingId),
    toolCallEvent,
    event({ event: 'done', data: { conversationId: existingId, reply: 'Added.', toolCalls: [addMilk] } }),
  );

  it('when Undo is pressed, then that chip is busy and the error goes', () => {
    const state = reduce({ ...withChip, error: 'Earlier failure' }, { type: 'undoStarted', callId: 'call-1' });

    expect([...state.undoing]).toEqual(['call-1']);
    expect(state.error).toBeNull();
  });

  it('when the undo succeeds, then the chip turns undone, it is announced and no longer busy', () => {
    const state = reduce(withChip, { type: 'undoStarted', callId: 'call-1' }, { type: 'undoSucceeded', call: addMilk });

    expect(state.thread[1]?.toolCalls).toEqual([{ ...addMilk, undone: true }]);
    expect(state.announcement).toBe('Undone: added task: Buy milk');
    expect(state.undoing.size).toBe(0);
  });

  it('when the undo fails, then the error says why and the chip is no longer busy', () => {
    const state = reduce(
      withChip,
      { type: 'undoStarted', callId: 'call-1' },
      { type: 'undoFailed', callId: 'call-1', reason: 'Task changed' },
    );

    expect(state.error).toBe('Could not undo: Task changed');
    expect(state.thread[1]?.toolCalls).toEqual([addMilk]);
    expect(state.undoing.size).toBe(0);
  });
});

describe('assistantReducer, the composer and the error', () => {
  it('when the person types, then the draft follows', () => {
    expect(reduce(idle, { type: 'draftChanged', draft: 'Add eggs' }).draft).toBe('Add eggs');
  });

  it('when the error is dismissed, then it goes', () => {
    expect(reduce(initialAssistantState([], 'Your past conversations could not be loaded.'), { type: 'errorDismissed' }).error).toBeNull();
  });
});

describe('assistantReducer, events of another turn', () => {
  it("when an event or end names a reply that is not the running turn's, then nothing changes", () => {
    const running = reduce(idle, started(), startEvent());

    expect(reduce(running, { type: 'streamEvent', replyId: 'local-9', event: { event: 'delta', data: { text: 'x' } } })).toBe(running);
    expect(reduce(running, { type: 'streamEnded', replyId: 'local-9', end: { kind: 'stopped' } })).toBe(running);
  });
});

describe('streamEnd', () => {
  it('when the signal was aborted, then the turn was stopped, whatever the error', () => {
    expect(streamEnd(connectionLost(), true)).toEqual({ kind: 'stopped' });
  });

  it('when the assistant is not configured, then the failure is marked unavailable with its message', () => {
    expect(streamEnd(new ApiError(503, 'llm_unavailable', 'Not configured.'), false)).toEqual({
      kind: 'failed',
      reason: 'Not configured.',
      unavailable: true,
    });
  });

  it('when something else failed, then the reason is the readable message', () => {
    expect(streamEnd(new TypeError('fetch failed'), false)).toEqual({
      kind: 'failed',
      reason: 'Something went wrong. Please try again.',
      unavailable: false,
    });
  });
});
