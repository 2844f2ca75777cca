import { chatMessageMaxLength } from '@todo/contracts';
import type { FormEvent, KeyboardEvent } from 'react';

interface ComposerProps {
  draft: string;
  onDraftChange: (draft: string) => void;
  /** A turn is running: Send waits, Stop (or Escape in the field) ends it. */
  sending: boolean;
  onSend: () => void;
  onStop: () => void;
}

/** Where the person writes to the assistant: Enter sends, Shift+Enter adds a line, Escape stops a running turn. */
export function Composer({ draft, onDraftChange, sending, onSend, onStop }: ComposerProps) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSend();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape' && sending) {
      event.preventDefault();
      onStop();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      onSend();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="assistant-message">Message the assistant</label>
      <textarea
        id="assistant-message"
        rows={2}
        maxLength={chatMessageMaxLength}
        value={draft}
        placeholder="Add a task to buy milk"
        aria-describedby="assistant-message-hint"
        onChange={(event) => onDraftChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id="assistant-message-hint" className="hint">
        Enter sends, Shift+Enter adds a line, Escape stops the answer.
      </p>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={sending || draft.trim() === ''}>
          {sending ? 'Answering…' : 'Send'}
        </button>
        {sending ? (
          <button type="button" className="button" onClick={onStop}>
            Stop
          </button>
        ) : null}
      </div>
    </form>
  );
}
