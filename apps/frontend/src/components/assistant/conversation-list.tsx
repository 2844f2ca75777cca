import type { Conversation } from '@todo/contracts';

interface ConversationListProps {
  conversations: readonly Conversation[];
  activeId: string | null;
  onSelect: (id: string | null) => void;
}

/** Past conversations, newest first, and a way to start a new one. */
export function ConversationList({ conversations, activeId, onSelect }: ConversationListProps) {
  return (
    <nav className="conversations" aria-label="Conversations">
      <button type="button" className="button" onClick={() => onSelect(null)} aria-pressed={activeId === null}>
        New conversation
      </button>
      {conversations.length === 0 ? (
        <p className="hint">No conversations yet.</p>
      ) : (
        <ul>
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className="conversation"
                aria-current={conversation.id === activeId ? 'true' : undefined}
                onClick={() => onSelect(conversation.id)}
              >
                {conversation.title || 'Untitled conversation'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
