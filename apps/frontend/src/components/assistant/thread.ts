import type { Message, ToolCall } from '@todo/contracts';

/** One bubble in the thread: what the person said, or what the assistant answered and did. */
export interface ThreadEntry {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  toolCalls: ToolCall[];
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
