'use client';

import type { ChatStreamEvent, Conversation, ToolCall } from '@todo/contracts';
import { useRouter } from 'next/navigation';
import { useEffect, useReducer, useRef } from 'react';
import { describeApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { connectionLost } from '../../lib/api/chat-stream';
import { changedTasks } from '../../lib/tool-calls';
import { assistantReducer, initialAssistantState, isThinking, streamEnd } from './assistant-state';

/**
 * The assistant panel's state (assistant-state.ts) and the requests that move it: the chat stream,
 * loading a conversation, undo, and fetching the conversation list again when a turn stored a new one.
 */
export function useAssistant(initialConversations: Conversation[], initialError: string | null) {
  const router = useRouter();
  const [state, dispatch] = useReducer(assistantReducer, null, () => initialAssistantState(initialConversations, initialError));
  const localIds = useRef(0);
  const running = useRef<AbortController | null>(null);

  /** Stops the running turn's request; the reducer ignores the rest of the turn (the person moved on). */
  function abandonTurn() {
    const controller = running.current;
    running.current = null;
    controller?.abort();
  }

  // Leaving the page stops a running turn (the BFF then aborts the backend request).
  useEffect(() => abandonTurn, []);

  // A turn stored a new conversation: fetch the list so it shows, marked as the open one.
  useEffect(() => {
    if (state.storedConversations === 0) return;
    let latest = true;
    browserApi.listConversations().then(
      ({ items }) => {
        if (latest) dispatch({ type: 'conversationsLoaded', conversations: items });
      },
      () => {
        // The list is a convenience; the open thread still works, so a failed refresh stays quiet.
      },
    );
    return () => {
      latest = false;
    };
  }, [state.storedConversations]);

  async function openConversation(id: string | null) {
    abandonTurn();
    dispatch({ type: 'conversationOpened', id });
    if (id === null) return;
    try {
      const { items } = await browserApi.listMessages(id);
      dispatch({ type: 'threadLoaded', id, messages: items });
    } catch (caught) {
      dispatch({ type: 'threadFailed', id, reason: describeApiError(caught) });
    }
  }

  async function send() {
    const message = state.draft.trim();
    if (message === '' || state.turn !== null) return;
    const userEntryId = `local-${++localIds.current}`;
    const replyId = `local-${++localIds.current}`;
    const previousId = state.activeId;
    const controller = new AbortController();
    running.current = controller;
    dispatch({ type: 'turnStarted', message, previousId, userEntryId, replyId });

    const onEvent = (event: ChatStreamEvent) => {
      dispatch({ type: 'streamEvent', replyId, event });
      // The assistant changed tasks: re-render the server components so the board shows them now.
      if (event.event === 'tool_call' && changedTasks([event.data])) router.refresh();
    };
    // A stream that closes before the turn's done or error event lost its connection.
    let caught: unknown = connectionLost();
    try {
      await browserApi.streamChat({ message, ...(previousId ? { conversationId: previousId } : {}) }, onEvent, controller.signal);
    } catch (error) {
      caught = error;
    }
    if (running.current === controller) running.current = null;
    dispatch({ type: 'streamEnded', replyId, end: streamEnd(caught, controller.signal.aborted) });
  }

  function stop() {
    running.current?.abort();
  }

  async function undo(call: ToolCall) {
    const conversationId = state.activeId;
    if (!conversationId) return;
    dispatch({ type: 'undoStarted', callId: call.id });
    try {
      await browserApi.undoToolCall(conversationId, call.id);
      dispatch({ type: 'undoSucceeded', call });
      router.refresh();
    } catch (caught) {
      dispatch({ type: 'undoFailed', callId: call.id, reason: describeApiError(caught) });
    }
  }

  return {
    state,
    sending: state.turn !== null,
    thinking: isThinking(state),
    openConversation,
    send,
    stop,
    undo,
    changeDraft: (draft: string) => dispatch({ type: 'draftChanged', draft }),
    dismissError: () => dispatch({ type: 'errorDismissed' }),
  };
}
