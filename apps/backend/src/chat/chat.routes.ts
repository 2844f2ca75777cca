import { chatRequestSchema, type ChatResponse, type ConversationList, type MessageList } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { currentUser } from '../auth/require-auth';
import { parseOrThrow } from '../http/validate';
import type { ChatService } from './chat.service';

export function createChatRouter(options: { chat: ChatService; requireAuth: RequestHandler }): Router {
  const { chat, requireAuth } = options;
  const router = Router();

  router.post('/chat', requireAuth, async (req, res) => {
    const request = parseOrThrow(chatRequestSchema, req.body, 'chat message');
    const body: ChatResponse = await chat.send(currentUser(res).id, request);
    res.json(body);
  });

  router.get('/conversations', requireAuth, async (_req, res) => {
    const body: ConversationList = await chat.listConversations(currentUser(res).id);
    res.json(body);
  });

  router.get('/conversations/:id/messages', requireAuth, async (req, res) => {
    const body: MessageList = await chat.listMessages(currentUser(res).id, req.params.id as string);
    res.json(body);
  });

  return router;
}
