'use client';

import type { Conversation } from '@todo/contracts';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, describeApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { changedTasks } from '../../lib/tool-calls';
import { Alert } from '../ui/alert';
import { Spinner } from '../ui/spinner';
import { ConversationList } from './conversation-list';
import { threadFromMessages, type ThreadEntry } from './thread';
import { ToolCallChips } from './tool-call-chips';

export interface AssistantPanelProps {
  initialConversations: Conversation[];
  /** Set when the conversation list could not be loaded on the server. */
  initialError?: string | null;
}

/** The assistant: past conversations, the current thread with the actions taken, and a composer. */
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
  const localIds = useRef(0);

  async function openConversation(id: string | null) {
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

  async function send(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    const message = draft.trim();
    if (message === '' || sending) return;
    const userEntry: ThreadEntry = { id: `local-${++localIds.current}`, role: 'user', content: message, toolCalls: [] };
    setThread((current) => [...current, userEntry]);
    setDraft('');
    setSending(true);
    setError(null);
    try {
      const response = await browserApi.chat({ message, ...(activeId ? { conversationId: activeId } : {}) });
      setThread((current) => [
        ...current,
        { id: `local-${++localIds.current}`, role: 'assistant', content: response.reply, toolCalls: response.toolCalls },
      ]);
      setUnavailable(null);
      if (response.conversationId !== activeId) {
        setActiveId(response.conversationId);
        void refreshConversations();
      }
      // The assistant changed tasks: re-render the server components so the board shows them.
      if (changedTasks(response.toolCalls)) router.refresh();
    } catch (caught) {
      setThread((current) => current.filter((entry) => entry.id !== userEntry.id));
      setDraft(message);
      if (caught instanceof ApiError && caught.code === 'llm_unavailable') setUnavailable(caught.message);
      else setError(describeApiError(caught));
    } finally {
      setSending(false);
    }
  }

  async function refreshConversations() {
    try {
      setConversations((await browserApi.listConversations()).items);
    } catch {
      // The list is a convenience; the open thread still works, so a failed refresh stays quiet.
    }
  }

  function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
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
      <ConversationList conversations={conversations} activeId={activeId} onSelect={openConversation} />
      <div className="thread" aria-busy={loadingThread || sending}>
        {loadingThread ? (
          <Spinner label="Loading conversation" />
        ) : thread.length === 0 ? (
          <p className="empty">Ask me to add, find, complete or delete tasks, e.g. “Add a task to buy milk”.</p>
        ) : (
          <ol className="messages" aria-label="Messages" aria-live="polite">
            {thread.map((entry) => (
              <li key={entry.id} className={`message message-${entry.role}`}>
                <span className="visually-hidden">{entry.role === 'user' ? 'You:' : 'Assistant:'}</span>
                {entry.content ? <p>{entry.content}</p> : null}
                <ToolCallChips toolCalls={entry.toolCalls} />
              </li>
            ))}
          </ol>
        )}
        {sending ? <Spinner label="The assistant is thinking" /> : null}
      </div>
      <form className="composer" onSubmit={send}>
        <label htmlFor="assistant-message">Message the assistant</label>
        <textarea
          id="assistant-message"
          rows={2}
          maxLength={4000}
          value={draft}
          placeholder="Add a task to buy milk"
          aria-describedby="assistant-message-hint"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={sendOnEnter}
        />
        <p id="assistant-message-hint" className="hint">
          Enter sends, Shift+Enter adds a line.
        </p>
        <button type="submit" className="button button-primary" disabled={sending || draft.trim() === ''}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  );
}
