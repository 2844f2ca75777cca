import { z } from 'zod';
import { errorBodySchema } from './errors';
import { toolCallSchema } from './tool-calls';

export * from './tool-calls';

export const conversationIdSchema = z.uuid();

/** Longest message a person can send to the assistant (the composer's limit too). */
export const chatMessageMaxLength = 4000;

export const chatRequestSchema = z.strictObject({
  message: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(chatMessageMaxLength)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters'),
  /** Continue this conversation; omitted starts a new one. */
  conversationId: conversationIdSchema.optional(),
});
export type ChatRequest = z.input<typeof chatRequestSchema>;

export const chatResponseSchema = z.object({
  conversationId: conversationIdSchema,
  reply: z.string(),
  toolCalls: z.array(toolCallSchema),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

/**
 * The events of `POST /chat` with `Accept: text/event-stream`, in order: `start` once (the
 * conversation the turn is stored in: a new one's id is chosen before the turn runs), then `delta`
 * and `tool_call` as they happen, then exactly one of `done` or `error`. Comment lines (`: ...`)
 * are heartbeats and carry nothing.
 */
export const chatStreamEventSchemas = {
  start: z.object({ conversationId: conversationIdSchema }),
  delta: z.object({ text: z.string() }),
  tool_call: toolCallSchema,
  done: chatResponseSchema,
  error: errorBodySchema,
} as const;
export type ChatStreamEventName = keyof typeof chatStreamEventSchemas;
export type ChatStreamEvent = {
  [K in ChatStreamEventName]: { event: K; data: z.infer<(typeof chatStreamEventSchemas)[K]> };
}[ChatStreamEventName];

/** Parses one received event; undefined for an event name this client does not know. */
export function parseChatStreamEvent(event: string, data: string): ChatStreamEvent | undefined {
  if (!(event in chatStreamEventSchemas)) return undefined;
  const name = event as ChatStreamEventName;
  return { event: name, data: chatStreamEventSchemas[name].parse(JSON.parse(data)) } as ChatStreamEvent;
}

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
