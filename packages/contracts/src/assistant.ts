import { z } from 'zod';

export const conversationIdSchema = z.uuid();

export const chatRequestSchema = z.strictObject({
  message: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(4000)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters'),
  /** Continue this conversation; omitted starts a new one. */
  conversationId: conversationIdSchema.optional(),
});
export type ChatRequest = z.input<typeof chatRequestSchema>;

/** One tool the assistant ran during a turn, with what it returned or why it failed. */
export const toolCallSchema = z.object({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const chatResponseSchema = z.object({
  conversationId: conversationIdSchema,
  reply: z.string(),
  toolCalls: z.array(toolCallSchema),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

export const conversationSchema = z.object({
  id: conversationIdSchema,
  title: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationListSchema = z.object({ items: z.array(conversationSchema) });
export type ConversationList = z.infer<typeof conversationListSchema>;

export const messageRoleSchema = z.enum(['user', 'assistant', 'tool']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  role: messageRoleSchema,
  content: z.string(),
  toolCalls: z.array(toolCallSchema).nullable(),
  createdAt: z.iso.datetime(),
});
export type Message = z.infer<typeof messageSchema>;

export const messageListSchema = z.object({ items: z.array(messageSchema) });
export type MessageList = z.infer<typeof messageListSchema>;
