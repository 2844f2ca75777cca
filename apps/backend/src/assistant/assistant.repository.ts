import type { PrismaClient } from '../db/database';
import type { Prisma, Message as MessageRecord } from '../generated/prisma/client';
import type { ChatMessage, StoredChatMessage } from './messages';

export interface ConversationRecord {
  id: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SaveTurnInput {
  userId: string;
  /** The conversation: already checked to belong to the user, or (isNew) the id to create it with. */
  conversationId: string;
  isNew: boolean;
  /** Title of a new conversation. */
  title: string;
  messages: readonly ChatMessage[];
}

/** Every read is scoped to the user: another user's conversation is indistinguishable from a missing one. */
export interface AssistantRepository {
  findConversation(userId: string, id: string): Promise<ConversationRecord | null>;
  /** Newest activity first. */
  listConversations(userId: string, limit: number): Promise<ConversationRecord[]>;
  /** The last `limit` messages of a conversation, oldest first. */
  recentMessages(conversationId: string, limit: number): Promise<StoredChatMessage[]>;
  /**
   * Writes a turn in one transaction: the conversation (created, or its `updatedAt` bumped) and all
   * the turn's messages, or nothing.
   */
  saveTurn(input: SaveTurnInput): Promise<void>;
}

export function createAssistantRepository(prisma: PrismaClient): AssistantRepository {
  return {
    findConversation: (userId, id) =>
      prisma.conversation.findFirst({
        where: { id, userId },
        select: { id: true, title: true, createdAt: true, updatedAt: true },
      }),

    listConversations: (userId, limit) =>
      prisma.conversation.findMany({
        where: { userId },
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: { id: true, title: true, createdAt: true, updatedAt: true },
      }),

    async recentMessages(conversationId, limit) {
      const rows = await prisma.message.findMany({
        where: { conversationId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.reverse().map(toChatMessage);
    },

    saveTurn: ({ userId, conversationId, isNew, title, messages }) =>
      prisma.$transaction(async (tx) => {
        if (isNew) await tx.conversation.create({ data: { id: conversationId, userId, title } });
        else await tx.conversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } });
        await tx.message.createMany({ data: messages.map((message) => toRecord(conversationId, message)) });
      }),
  };
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000. Users cannot send it (the contracts reject it), but
 * the model can emit it in a reply or a tool call; it is dropped rather than failing the turn.
 */
const stripNul = (text: string) => text.replaceAll('\u0000', '');
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return stripNul(value);
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripNul(key), withoutNul(item)]));
  }
  return value;
}

function toRecord(conversationId: string, message: ChatMessage): Prisma.MessageCreateManyInput {
  return {
    conversationId,
    role: message.role,
    content: stripNul(message.content),
    ...(message.toolCalls === null ? {} : { toolCalls: withoutNul(message.toolCalls) as Prisma.InputJsonValue }),
    toolCallId: message.toolCallId,
    createdAt: message.createdAt,
  };
}

function toChatMessage(record: MessageRecord): StoredChatMessage {
  return {
    id: record.id,
    role: record.role,
    content: record.content,
    toolCalls: (record.toolCalls ?? null) as StoredChatMessage['toolCalls'],
    toolCallId: record.toolCallId,
    createdAt: record.createdAt,
  };
}
