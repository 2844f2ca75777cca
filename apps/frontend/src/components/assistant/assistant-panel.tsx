'use client';

import type { ChatStreamEvent, Conversation, ToolCall } from '@todo/contracts';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ApiError, describeApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { connectionLost } from '../../lib/api/chat-stream';
import { changedTasks, describeToolCall } from '../../lib/tool-calls';
import { Alert } from '../ui/alert';
import { Spinner } from '../ui/spinner';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { markUndone, threadFromMessages, updateEntry, type ThreadEntry } from './thread';
import { ToolCallChips } from './tool-call-chips';

export interface AssistantPanelProps {
  initialConversations: Conversation[];
  /** Set when the conversation list could not be loaded on the server. */
  initialError?: string | null;
}

/**
 * The assistant: past conversations, the current thread with the actions taken (each undoable),
 * and a composer. A turn streams in: text as the model writes it, each action's chip the moment it
 * ran (the board refreshes then), Stop ends it. Screen readers hear a short status at each step,
 * never every token.
 */
export function AssistantPanel({ initialConversations, initialError = null }: AssistantPanelProps) {
  const router = useRouter();
  const [conversations, setConversations] = useState(initialConversations);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [thread, setThread] = useState<ThreadEntry[]>([]);
  const [loadingThread, setLoadingThread] = useState(false);
  const [sending, setSending] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(initialError);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [undoing, setUndoing] = useState<ReadonlySet<string>>(new Set());
  const localIds = useRef(0);
  const running = useRef<AbortController | null>(null);

  /** Stops the running turn and ignores the rest of it (the person moved on). */
  function abandonTurn() {
    const controller = running.current;
    running.current = null;
    controller?.abort();
  }

  // Leaving the page stops a running turn (the BFF then aborts the backend request).
  useEffect(() => abandonTurn, []);

  async function openConversation(id: string | null) {
    abandonTurn();
    setActiveId(id);
    setError(null);
    setThread([]);
    if (id === null) return;
    setLoadingThread(true);
    try {
      const { items } = await browserApi.listMessages(id);
      setThread(threadFromMessages(items));
    } catch (caught) {
      setError(`Could not load this conversation: ${describeApiError(caught)}`);
    } finally {
      setLoadingThread(false);
    }
  }

  async function send() {
    const message = draft.trim();
    if (message === '' || sending) return;
    const userEntry: ThreadEntry = { id: `local-${++localIds.current}`, role: 'user', content: message, toolCalls: [] };
    const replyId = `local-${++localIds.current}`;
    const previousId = activeId;
    const controller = new AbortController();
    running.current = controller;
    setThread((current) => [...current, userEntry]);
    setDraft('');
    setSending(true);
    setError(null);
    setAnnouncement('The assistant is answering…');
    const turn = { conversationId: previousId, ranTools: false, ended: false };

    const onEvent = (event: ChatStreamEvent) => {
      switch (event.event) {
        case 'start':
          turn.conversationId = event.data.conversationId;
          setActiveId(event.data.conversationId);
          setThread((current) => [...current, { id: replyId, role: 'assistant', content: '', toolCalls: [], status: 'streaming' }]);
          return;
        case 'delta':
          setThread((current) => updateEntry(current, replyId, (entry) => ({ ...entry, content: entry.content + event.data.text })));
          return;
        case 'tool_call':
          turn.ranTools = true;
          showToolCall(replyId, event.data);
          return;
        case 'done':
          turn.ended = true;
          setThread((current) =>
            updateEntry(current, replyId, (entry) => ({
              ...entry,
              // The streamed text holds every round's words ("Sure, adding that. Done."); keep it unless the reply differs.
              content: entry.content.includes(event.data.reply) ? entry.content : event.data.reply,
              toolCalls: event.data.toolCalls,
              status: undefined,
            })),
          );
          setUnavailable(null);
          setAnnouncement(`The assistant answered: ${event.data.reply}`);
          if (previousId === null) void refreshConversations();
          return;
        case 'error':
          // The backend's rules for a failed turn (README: the assistant): stored up to the last tool
          // round if a tool ran, else nothing, not even a new conversation, so forget it as after Stop.
          turn.ended = true;
          if (turn.ranTools) {
            setThread((current) => updateEntry(current, replyId, (entry) => ({ ...entry, status: 'failed' })));
            if (previousId === null) void refreshConversations();
          } else {
            forgetTurn(userEntry.id, replyId, message, previousId);
          }
          setError(event.data.error.message);
          setAnnouncement('The assistant could not finish this reply.');
          return;
      }
    };

    try {
      await browserApi.streamChat({ message, ...(previousId ? { conversationId: previousId } : {}) }, onEvent, controller.signal);
      if (!turn.ended) throw connectionLost();
    } catch (caught) {
      if (running.current !== controller) return; // abandoned: another conversation is open now
      if (turn.ended) return; // done or error already settled the turn; a cut or Stop after it changes nothing
      if (controller.signal.aborted || turn.ranTools) {
        // The backend stores a stopped or cut turn only if a tool ran (README: a failed turn).
        if (turn.ranTools) {
          setThread((current) => updateEntry(current, replyId, (entry) => ({ ...entry, status: controller.signal.aborted ? 'stopped' : 'failed' })));
          if (previousId === null) void refreshConversations();
        } else {
          forgetTurn(userEntry.id, replyId, message, previousId);
        }
        if (!controller.signal.aborted) setError(describeApiError(caught));
        setAnnouncement(controller.signal.aborted ? 'Stopped.' : 'The assistant could not finish this reply.');
      } else {
        forgetTurn(userEntry.id, replyId, message, previousId);
        setAnnouncement('');
        if (caught instanceof ApiError && caught.code === 'llm_unavailable') setUnavailable(caught.message);
        else setError(describeApiError(caught));
      }
    } finally {
      if (running.current === controller) running.current = null;
      setSending(false);
    }
  }

  /** A turn that stored nothing: its bubbles go, the message returns to the composer. */
  function forgetTurn(userEntryId: string, replyId: string, message: string, previousId: string | null) {
    setThread((current) => current.filter((entry) => entry.id !== userEntryId && entry.id !== replyId));
    setDraft(message);
    setActiveId(previousId);
  }

  function showToolCall(replyId: string, call: ToolCall) {
    setThread((current) => {
      const shown = updateEntry(current, replyId, (entry) => ({ ...entry, toolCalls: [...entry.toolCalls, call] }));
      return call.name === 'undo_last_action' && 'result' in call ? markUndone(shown, call.result.undone.toolCallId) : shown;
    });
    setAnnouncement(describeToolCall(call).label);
    // The assistant changed tasks: re-render the server components so the board shows them now.
    if (changedTasks([call])) router.refresh();
  }

  async function undo(call: ToolCall) {
    if (!activeId) return;
    setUndoing((current) => new Set(current).add(call.id));
    setError(null);
    try {
      await browserApi.undoToolCall(activeId, call.id);
      setThread((current) => markUndone(current, call.id));
      setAnnouncement(`Undone: ${describeToolCall(call).label}`);
      router.refresh();
    } catch (caught) {
      setError(`Could not undo: ${describeApiError(caught)}`);
    } finally {
      setUndoing((current) => {
        const next = new Set(current);
        next.delete(call.id);
        return next;
      });
    }
  }

  function stop() {
    running.current?.abort();
  }

  async function refreshConversations() {
    try {
      setConversations((await browserApi.listConversations()).items);
    } catch {
      // The list is a convenience; the open thread still works, so a failed refresh stays quiet.
    }
  }

  return (
    <section className="panel assistant" aria-labelledby="assistant-heading">
      <div className="panel-header">
        <h2 id="assistant-heading">Assistant</h2>
      </div>
      {unavailable ? (
        <Alert tone="warning">
          <strong>The assistant is not available.</strong> {unavailable}
        </Alert>
      ) : null}
      {error ? <Alert onDismiss={() => setError(null)}>{error}</Alert> : null}
      <ConversationList conversations={conversations} activeId={activeId} onSelect={(id) => void openConversation(id)} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className="thread" aria-busy={loadingThread || sending}>
        {loadingThread ? (
          <Spinner label="Loading conversation" />
        ) : thread.length === 0 ? (
          <p className="empty">Ask me to add, find, complete or delete tasks, e.g. “Add a task to buy milk”.</p>
        ) : (
          <ol className="messages" aria-label="Messages">
            {thread.map((entry) => (
              <li key={entry.id} className={`message message-${entry.role}`}>
                <span className="visually-hidden">{entry.role === 'user' ? 'You:' : 'Assistant:'}</span>
                {entry.content ? <p>{entry.content}</p> : null}
                <ToolCallChips toolCalls={entry.toolCalls} onUndo={(call) => void undo(call)} undoing={undoing} />
                {entry.status === 'stopped' ? <p className="hint">Stopped. The actions above were carried out.</p> : null}
              </li>
            ))}
          </ol>
        )}
        {sending && !thread.some((entry) => entry.status === 'streaming' && (entry.content || entry.toolCalls.length > 0)) ? (
          <Spinner label="The assistant is thinking" />
        ) : null}
      </div>
      <Composer draft={draft} onDraftChange={setDraft} sending={sending} onSend={() => void send()} onStop={stop} />
    </section>
  );
}
