import type { Message, ToolCall } from '@todo/contracts';

/** One bubble in the thread: what the person said, or what the assistant answered and did. */
export interface ThreadEntry {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  toolCalls: ToolCall[];
  /** Set on the assistant's bubble while its turn streams in, and on a turn that was stopped or failed. */
  status?: 'streaming' | 'stopped' | 'failed';
}

/**
 * Turns stored messages into bubbles. Tool-role messages are the raw results the model read; their
 * effect is already shown as chips on the assistant message that requested them, so they are skipped.
 * An assistant message that only requested tools merges its chips into the answer that follows it.
 */
export function threadFromMessages(messages: readonly Message[]): ThreadEntry[] {
  const entries: ThreadEntry[] = [];
  let carriedCalls: ToolCall[] = [];
  let carriedFrom = '';
  const flushCarried = () => {
    if (carriedCalls.length > 0) {
      entries.push({ id: `${carriedFrom}-actions`, role: 'assistant', content: '', toolCalls: carriedCalls });
    }
    carriedCalls = [];
  };

  for (const message of messages) {
    if (message.role === 'tool') continue;
    if (message.role === 'user') {
      flushCarried();
      entries.push({ id: message.id, role: 'user', content: message.content, toolCalls: [] });
      continue;
    }
    const calls = [...carriedCalls, ...(message.toolCalls ?? [])];
    if (message.content.trim() === '') {
      carriedCalls = calls;
      carriedFrom = message.id;
      continue;
    }
    entries.push({ id: message.id, role: 'assistant', content: message.content, toolCalls: calls });
    carriedCalls = [];
  }
  flushCarried();
  return entries;
}

/** The thread with `change` applied to the entry `id`. */
export function updateEntry(thread: readonly ThreadEntry[], id: string, change: (entry: ThreadEntry) => ThreadEntry): ThreadEntry[] {
  return thread.map((entry) => (entry.id === id ? change(entry) : entry));
}

/** The thread with the tool call `toolCallId` shown as undone, wherever it appears. */
export function markUndone(thread: readonly ThreadEntry[], toolCallId: string): ThreadEntry[] {
  return thread.map((entry) =>
    entry.toolCalls.some((call) => call.id === toolCallId)
      ? {
          ...entry,
          toolCalls: entry.toolCalls.map((call) => (call.id === toolCallId && 'undone' in call ? { ...call, undone: true } : call)),
        }
      : entry,
  );
}
