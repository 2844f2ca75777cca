/**
 * The assistant's use cases. A chat turn reads like this:
 *   1. find the conversation (the caller's, or 404) and its recent history within the budget,
 *   2. let the agent run the turn (model calls and tools, through the caller's tasks service),
 *   3. store the whole turn in one transaction.
 *
 * Failure handling (the stored conversation is always a valid history for the model):
 * - the turn fails before any tool ran: nothing is stored, not even the user message (a new
 *   conversation is not created); the client can send the same message again.
 * - the turn fails after tool rounds ran (their task changes are real and not undone): the turn is
 *   stored up to its last complete round (every tool call with its result), closed by an assistant
 *   note saying the reply failed, so the model sees next time what was already done. Then the
 *   error is returned to the client as usual (502/503/504).
 */
import { randomUUID } from 'node:crypto';
import type { ChatRequest, ChatResponse, ConversationList, MessageList, UndoResponse } from '@todo/contracts';
import { LlmUnavailableError, NotFoundError } from '../errors';
import type { TasksService } from '../tasks/tasks.service';
import type { AssistantActions } from './actions';
import { TurnFailedError, type Agent, type TurnEvents } from './agent';
import type { AssistantRepository, ConversationRecord } from './assistant.repository';
import { selectHistory, toApiMessages, type ChatMessage, type HistoryBudget } from './messages';

export const assistantDisabledMessage =
  'The assistant is not configured. Set LLM_PROVIDER=groq and GROQ_API_KEY on the backend ' +
  '(locally: export GROQ_API_KEY=gsk_...; on Kubernetes: pulumi config set --secret groqApiKey gsk_... then pulumi up).';

/** Longest conversation list and message list returned by the API. */
const listLimit = 200;
const messageListLimit = 1000;

/** How a caller follows a turn as it runs (streaming) and stops it. */
export interface TurnObserver extends TurnEvents {
  /** Once the checks passed and the turn starts, with the conversation it is stored in. */
  onStart?: (conversationId: string) => void;
  /** Aborted when the person stopped the turn (see TurnInput.signal). */
  signal?: AbortSignal;
}

export interface AssistantService {
  /** `observer` streams the turn's progress; the result is the same either way. */
  send(userId: string, request: { message: string; conversationId?: string }, observer?: TurnObserver): Promise<ChatResponse>;
  listConversations(userId: string): Promise<ConversationList>;
  listMessages(userId: string, conversationId: string): Promise<MessageList>;
  /** Reverses one task change of the assistant (see actions.ts): 404 for ids that are not the user's, 409 when the task changed since. */
  undo(userId: string, conversationId: string, toolCallId: string): Promise<UndoResponse>;
}

export interface ChatServiceOptions {
  repository: AssistantRepository;
  tasks: TasksService;
  actions: AssistantActions;
  /** Undefined when the assistant is disabled: `send` then fails with 503, reading still works. */
  agent: Agent | undefined;
  historyBudget: HistoryBudget;
  now?: () => Date;
}

/** The answer for an id that names no conversation of the user (the routes' too, for a path id that is no id). */
export const conversationNotFound = (id: string) => new NotFoundError(`Conversation ${id} not found`);

export function createAssistantService(options: ChatServiceOptions): AssistantService {
  const { repository, tasks, actions, agent, historyBudget } = options;
  const now = options.now ?? (() => new Date());

  async function ownConversation(userId: string, id: string): Promise<ConversationRecord> {
    // `id` was parsed as a UUID: by the route's params schema, or the chat request's schema.
    const conversation = await repository.findConversation(userId, id);
    if (!conversation) throw conversationNotFound(id);
    return conversation;
  }

  return {
    async send(userId, request: ChatRequest, observer = {}) {
      if (!agent) throw new LlmUnavailableError(assistantDisabledMessage);
      const conversation = request.conversationId ? await ownConversation(userId, request.conversationId) : undefined;
      const stored = conversation ? await repository.recentMessages(conversation.id, historyBudget.maxMessages) : [];
      // A new conversation's id is chosen now, so actions and the stream can name it; its row is
      // written with the turn (a turn that stores nothing creates no conversation).
      const conversationId = conversation?.id ?? randomUUID();
      const save = (messages: ChatMessage[]) =>
        repository.saveTurn({ userId, conversationId, isNew: !conversation, title: titleFrom(request.message), messages });

      observer.onStart?.(conversationId);
      try {
        const turn = await agent.runTurn({
          userId,
          conversationId,
          tasks,
          actions,
          history: selectHistory(stored, historyBudget),
          message: request.message,
          events: observer,
          ...(observer.signal ? { signal: observer.signal } : {}),
        });
        await save(turn.messages);
        return { conversationId, reply: turn.reply, toolCalls: turn.toolCalls };
      } catch (error) {
        if (!(error instanceof TurnFailedError)) throw error;
        const last = error.completed[error.completed.length - 1]!;
        await save([
          ...error.completed,
          {
            role: 'assistant',
            content: `(The assistant could not finish this reply: ${error.cause.message}. The tool calls above were carried out.)`,
            toolCalls: null,
            toolCallId: null,
            createdAt: new Date(Math.max(now().getTime(), last.createdAt.getTime() + 1)),
          },
        ]);
        throw error.cause;
      }
    },

    async listConversations(userId) {
      const conversations = await repository.listConversations(userId, listLimit);
      return {
        items: conversations.map((c) => ({
          id: c.id,
          title: c.title,
          createdAt: c.createdAt.toISOString(),
          updatedAt: c.updatedAt.toISOString(),
        })),
      };
    },

    async listMessages(userId, conversationId) {
      const conversation = await ownConversation(userId, conversationId);
      const [messages, undone] = await Promise.all([
        repository.recentMessages(conversation.id, messageListLimit),
        actions.undoneIds(userId, conversation.id),
      ]);
      return { items: toApiMessages(messages, undone) };
    },

    async undo(userId, conversationId, toolCallId) {
      return { undone: await actions.undo(userId, conversationId, toolCallId) };
    },
  };
}

/** A new conversation is titled after its first message, cut at a word boundary. */
export function titleFrom(message: string, maxLength = 60): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= maxLength) return oneLine;
  const cut = oneLine.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
