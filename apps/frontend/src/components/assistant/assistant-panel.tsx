'use client';

import type { Conversation } from '@todo/contracts';
import { Alert } from '../ui/alert';
import { Spinner } from '../ui/spinner';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { ToolCallChips } from './tool-call-chips';
import { useAssistant } from './use-assistant';

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
  const { state, sending, thinking, openConversation, send, stop, undo, changeDraft, dismissError } = useAssistant(
    initialConversations,
    initialError,
  );
  const { conversations, activeId, thread, loadingThread, draft, error, unavailable, announcement, undoing } = state;

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
      {error ? <Alert onDismiss={dismissError}>{error}</Alert> : null}
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
        {thinking ? <Spinner label="The assistant is thinking" /> : null}
      </div>
      <Composer draft={draft} onDraftChange={changeDraft} sending={sending} onSend={() => void send()} onStop={stop} />
    </section>
  );
}
