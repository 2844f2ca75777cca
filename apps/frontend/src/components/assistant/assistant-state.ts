import type { ChatStreamEvent, Conversation, Message, ToolCall } from '@todo/contracts';
import { ApiError, describeApiError } from '../../lib/api/api-error';
import { describeToolCall } from '../../lib/tool-calls';
import { markUndone, threadFromMessages, updateEntry, type ThreadEntry } from './thread';

/** The turn under way, from Send until its stream request settles. */
export interface Turn {
  /** The person's bubble and the assistant's reply bubble (local ids: the stored ones come on reload). */
  userEntryId: string;
  replyId: string;
  /** What was sent: it returns to the composer if the turn is forgotten. */
  message: string;
  /** The conversation open when the turn began; null when the turn starts a new one. */
  previousId: string | null;
  /** A tool ran: the backend stores the turn up to its last tool round, whatever happens next. */
  ranTools: boolean;
  /** The done or error event arrived: the turn is settled, and a cut or Stop after it changes nothing. */
  ended: boolean;
  /** Another conversation was opened: the rest of this turn is ignored (its request is being aborted). */
  abandoned: boolean;
}

export interface AssistantState {
  conversations: Conversation[];
  /** The open conversation; null for a new one. */
  activeId: string | null;
  thread: ThreadEntry[];
  loadingThread: boolean;
  draft: string;
  error: string | null;
  /** Why the assistant cannot answer at all (not configured): a standing notice, not a dismissable error. */
  unavailable: string | null;
  /** What screen readers hear: a short status at each step of a turn, never every token. */
  announcement: string;
  /** Ids of the tool calls whose undo is under way. */
  undoing: ReadonlySet<string>;
  /** Null when no turn runs: Send waits while it is set. */
  turn: Turn | null;
  /** Counts the new conversations the backend stored: each one means the list must be fetched again. */
  storedConversations: number;
}

/** How a turn's stream request settled, when it settled without the turn's own done or error event. */
export type StreamEnd = { kind: 'stopped' } | { kind: 'failed'; reason: string; unavailable: boolean };

export type AssistantAction =
  | { type: 'draftChanged'; draft: string }
  | { type: 'errorDismissed' }
  | { type: 'conversationOpened'; id: string | null }
  | { type: 'threadLoaded'; id: string; messages: readonly Message[] }
  | { type: 'threadFailed'; id: string; reason: string }
  | { type: 'conversationsLoaded'; conversations: Conversation[] }
  | { type: 'turnStarted'; message: string; previousId: string | null; userEntryId: string; replyId: string }
  | { type: 'streamEvent'; replyId: string; event: ChatStreamEvent }
  | { type: 'streamEnded'; replyId: string; end: StreamEnd }
  | { type: 'undoStarted'; callId: string }
  | { type: 'undoSucceeded'; call: ToolCall }
  | { type: 'undoFailed'; callId: string; reason: string };

export function initialAssistantState(conversations: Conversation[], error: string | null): AssistantState {
  return {
    conversations,
    activeId: null,
    thread: [],
    loadingThread: false,
    draft: '',
    error,
    unavailable: null,
    announcement: '',
    undoing: new Set(),
    turn: null,
    storedConversations: 0,
  };
}

/**
 * Every transition of the panel, pure: use-assistant.ts dispatches what the person did and what the
 * requests answered. A turn runs from `turnStarted` to `streamEnded`; its done or error event settles
 * it before that, and a Stop or a cut connection settles it at the end.
 */
export function assistantReducer(state: AssistantState, action: AssistantAction): AssistantState {
  switch (action.type) {
    case 'draftChanged':
      return { ...state, draft: action.draft };
    case 'errorDismissed':
      return { ...state, error: null };
    case 'conversationOpened':
      return {
        ...state,
        activeId: action.id,
        error: null,
        thread: [],
        loadingThread: action.id !== null,
        // The abandoned turn's status must not linger for screen readers.
        announcement: state.turn ? '' : state.announcement,
        turn: state.turn && { ...state.turn, abandoned: true },
      };
    // A thread that arrives after the person opened another conversation is not the open one's.
    case 'threadLoaded':
      return action.id === state.activeId ? { ...state, thread: threadFromMessages(action.messages), loadingThread: false } : state;
    case 'threadFailed':
      return action.id === state.activeId
        ? { ...state, error: `Could not load this conversation: ${action.reason}`, loadingThread: false }
        : state;
    case 'conversationsLoaded':
      return { ...state, conversations: action.conversations };
    case 'turnStarted': {
      const { message, previousId, userEntryId, replyId } = action;
      return {
        ...state,
        thread: [...state.thread, { id: userEntryId, role: 'user', content: message, toolCalls: [] }],
        draft: '',
        error: null,
        announcement: 'The assistant is answering…',
        turn: { userEntryId, replyId, message, previousId, ranTools: false, ended: false, abandoned: false },
      };
    }
    case 'streamEvent':
      return state.turn?.replyId === action.replyId && !state.turn.abandoned ? onStreamEvent(state, state.turn, action.event) : state;
    case 'streamEnded':
      return state.turn?.replyId === action.replyId ? onStreamEnded({ ...state, turn: null }, state.turn, action.end) : state;
    case 'undoStarted':
      return { ...state, undoing: new Set(state.undoing).add(action.callId), error: null };
    case 'undoSucceeded':
      return {
        ...state,
        thread: markUndone(state.thread, action.call.id),
        announcement: `Undone: ${describeToolCall(action.call).label}`,
        undoing: without(state.undoing, action.call.id),
      };
    case 'undoFailed':
      return { ...state, error: `Could not undo: ${action.reason}`, undoing: without(state.undoing, action.callId) };
  }
}

/** One event of the running turn's stream (chat-stream.ts hands them over in order). */
function onStreamEvent(state: AssistantState, turn: Turn, event: ChatStreamEvent): AssistantState {
  switch (event.event) {
    case 'start':
      return {
        ...state,
        activeId: event.data.conversationId,
        thread: [...state.thread, { id: turn.replyId, role: 'assistant', content: '', toolCalls: [], status: 'streaming' }],
      };
    case 'delta':
      return {
        ...state,
        thread: updateEntry(state.thread, turn.replyId, (entry) => ({ ...entry, content: entry.content + event.data.text })),
      };
    case 'tool_call': {
      const call = event.data;
      const shown = updateEntry(state.thread, turn.replyId, (entry) => ({ ...entry, toolCalls: [...entry.toolCalls, call] }));
      return {
        ...state,
        thread: call.name === 'undo_last_action' && 'result' in call ? markUndone(shown, call.result.undone.toolCallId) : shown,
        announcement: describeToolCall(call).label,
        turn: { ...turn, ranTools: true },
      };
    }
    case 'done': {
      const { reply, toolCalls } = event.data;
      return {
        ...state,
        thread: updateEntry(state.thread, turn.replyId, (entry) => ({
          ...entry,
          // The streamed text holds every round's words ("Sure, adding that. Done."); keep it unless the reply differs.
          content: entry.content.includes(reply) ? entry.content : reply,
          toolCalls,
          status: undefined,
        })),
        unavailable: null,
        announcement: `The assistant answered: ${reply}`,
        turn: { ...turn, ended: true },
        storedConversations: state.storedConversations + (turn.previousId === null ? 1 : 0),
      };
    }
    case 'error': {
      const settled = { ...state, turn: { ...turn, ended: true } };
      return {
        ...(turn.ranTools ? keepInterruptedTurn(settled, turn, 'failed') : forgetTurn(settled, turn)),
        error: event.data.error.message,
        announcement: 'The assistant could not finish this reply.',
      };
    }
  }
}

/**
 * The turn's request settled (`state` has the turn cleared already). A turn that its done or error
 * event settled, or that the person walked away from, changes nothing more.
 */
function onStreamEnded(state: AssistantState, turn: Turn, end: StreamEnd): AssistantState {
  if (turn.abandoned || turn.ended) return state;
  if (end.kind === 'stopped') {
    return { ...(turn.ranTools ? keepInterruptedTurn(state, turn, 'stopped') : forgetTurn(state, turn)), announcement: 'Stopped.' };
  }
  if (turn.ranTools) {
    return { ...keepInterruptedTurn(state, turn, 'failed'), error: end.reason, announcement: 'The assistant could not finish this reply.' };
  }
  const forgotten = { ...forgetTurn(state, turn), announcement: '' };
  return end.unavailable ? { ...forgotten, unavailable: end.reason } : { ...forgotten, error: end.reason };
}

/**
 * The backend's rules for a turn cut short (docs/assistant.md): it is stored up to the last tool
 * round if a tool ran, so its bubbles stay, marked; and a new conversation now exists.
 */
function keepInterruptedTurn(state: AssistantState, turn: Turn, status: 'stopped' | 'failed'): AssistantState {
  return {
    ...state,
    thread: updateEntry(state.thread, turn.replyId, (entry) => ({ ...entry, status })),
    storedConversations: state.storedConversations + (turn.previousId === null ? 1 : 0),
  };
}

/**
 * A turn cut short before any tool ran stored nothing, not even the new conversation its start event
 * named: its bubbles go, the message returns to the composer, the conversation before it is open again.
 */
function forgetTurn(state: AssistantState, turn: Turn): AssistantState {
  return {
    ...state,
    thread: state.thread.filter((entry) => entry.id !== turn.userEntryId && entry.id !== turn.replyId),
    draft: turn.message,
    activeId: turn.previousId,
  };
}

/**
 * How a turn's stream request ended without its done or error event: Stop (the signal was aborted),
 * or a failure, which `unavailable` tells apart when the assistant is not configured at all.
 */
export function streamEnd(caught: unknown, aborted: boolean): StreamEnd {
  if (aborted) return { kind: 'stopped' };
  return { kind: 'failed', reason: describeApiError(caught), unavailable: caught instanceof ApiError && caught.code === 'llm_unavailable' };
}

/** A turn runs and nothing of the reply shows yet: the "thinking" spinner fills the gap. */
export function isThinking(state: AssistantState): boolean {
  return (
    state.turn !== null &&
    !state.thread.some((entry) => entry.status === 'streaming' && (entry.content !== '' || entry.toolCalls.length > 0))
  );
}

function without(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(ids);
  next.delete(id);
  return next;
}
