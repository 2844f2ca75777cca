/**
 * The three shapes of a chat message and the conversions between them:
 * - `ChatMessage`: a stored row (what the repository reads and writes),
 * - the model's message (what is sent to chat completions),
 * - the API's `Message` (what `GET /conversations/:id/messages` returns).
 *
 * Stored `toolCalls` JSON: on an assistant message, the OpenAI-style calls it made (ids and the
 * raw argument strings, replayed verbatim to the model); on a tool message, the one call it
 * answers with its outcome, in the contract's `ToolCall` shape; null otherwise. The API shows
 * both with the outcome: an assistant message's calls are the tool messages that answer it.
 */
import type { Message, MessageRole, ToolCall } from '@todo/contracts';
import type { ChatCompletionMessageParam } from 'groq-sdk/resources/chat/completions';

export interface ModelToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: MessageRole;
  content: string;
  toolCalls: ModelToolCall[] | ToolCall[] | null;
  /** For role=tool: the id of the assistant's call this message answers. */
  toolCallId: string | null;
  createdAt: Date;
}

export interface StoredChatMessage extends ChatMessage {
  id: string;
}

export function toModelMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant': {
      const calls = (message.toolCalls ?? []) as ModelToolCall[];
      return calls.length > 0
        ? { role: 'assistant', content: message.content === '' ? null : message.content, tool_calls: calls }
        : { role: 'assistant', content: message.content };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
  }
}

/**
 * The stored messages as the API shows them. `undone` holds the ids of the calls that were undone
 * since they were stored (the stored JSON keeps the call as it ran).
 */
export function toApiMessages(messages: readonly StoredChatMessage[], undone: ReadonlySet<string>): Message[] {
  const shown = (call: ToolCall, fallbackId: string | null): ToolCall => {
    // Calls stored before tool calls had ids are shown with the model's id (they cannot be undone).
    const withId = { ...call, id: call.id ?? fallbackId ?? '' };
    return 'undone' in withId ? { ...withId, undone: undone.has(withId.id) } : withId;
  };
  const outcomeOf = (message: StoredChatMessage) => shown((message.toolCalls as ToolCall[])[0]!, message.toolCallId);

  return messages.map((message, index) => {
    let toolCalls: ToolCall[] | null = null;
    if (message.role === 'tool' && message.toolCalls !== null) toolCalls = [outcomeOf(message)];
    if (message.role === 'assistant' && message.toolCalls !== null) {
      const answers = new Map<string, ToolCall>();
      for (let next = index + 1; next < messages.length && messages[next]!.role === 'tool'; next += 1) {
        const answer = messages[next]!;
        if (answer.toolCallId !== null && answer.toolCalls !== null) answers.set(answer.toolCallId, outcomeOf(answer));
      }
      toolCalls = (message.toolCalls as ModelToolCall[]).flatMap((call) => answers.get(call.id) ?? []);
    }
    return { id: message.id, role: message.role, content: message.content, toolCalls, createdAt: message.createdAt.toISOString() };
  });
}

export interface HistoryBudget {
  /** At most this many stored messages are sent to the model. */
  maxMessages: number;
  /** And at most about this many characters of message content. */
  maxChars: number;
}

/**
 * The most recent part of a conversation that fits the budget, cut so that it starts at a user
 * message: a tool result without the assistant call it answers (or a call without its results)
 * is rejected by the API, and a reply without its question misleads the model. If the newest
 * turn alone exceeds the budget, nothing of the past is sent.
 */
export function selectHistory<T extends ChatMessage>(messages: readonly T[], budget: HistoryBudget): T[] {
  let start = messages.length;
  let chars = 0;
  while (start > 0 && messages.length - start < budget.maxMessages) {
    const candidate = messages[start - 1]!;
    chars += messageSize(candidate);
    if (chars > budget.maxChars) break;
    start -= 1;
  }
  while (start < messages.length && messages[start]!.role !== 'user') start += 1;
  return messages.slice(start);
}

function messageSize(message: ChatMessage): number {
  return message.content.length + (message.toolCalls && message.role === 'assistant' ? JSON.stringify(message.toolCalls).length : 0);
}
