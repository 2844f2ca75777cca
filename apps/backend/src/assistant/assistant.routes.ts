import { chatRequestSchema, type ChatResponse, type ConversationList, type MessageList } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { currentUser } from '../auth/require-auth';
import { parseOrThrow } from '../http/validate';
import type { AssistantService } from './assistant.service';
import { createSseWriter, errorEventBody } from './sse';

export function createAssistantRouter(options: { chat: AssistantService; requireAuth: RequestHandler }): Router {
  const { chat, requireAuth } = options;
  const router = Router();

  /**
   * JSON by default. With `Accept: text/event-stream`, the turn streams as events: `delta`
   * ({ text }) as the model writes, `tool_call` (a ToolCall) after each tool ran, then `done`
   * (the ChatResponse) or `error` (an ErrorBody).
   */
  router.post('/chat', requireAuth, async (req, res) => {
    const request = parseOrThrow(chatRequestSchema, req.body, 'chat message');
    const userId = currentUser(res).id;
    if (req.accepts(['application/json', 'text/event-stream']) !== 'text/event-stream') {
      const body: ChatResponse = await chat.send(userId, request);
      res.json(body);
      return;
    }
    const sse = createSseWriter(res);
    try {
      const body: ChatResponse = await chat.send(userId, request, {
        onDelta: (text) => sse.send('delta', { text }),
        onToolCall: (call) => sse.send('tool_call', call),
      });
      sse.send('done', body);
    } catch (error) {
      if (!sse.started) throw error;
      // pino-http logs the request with this error, as the error middleware would have.
      res.err = error instanceof Error ? error : new Error(String(error));
      sse.send('error', errorEventBody(error));
    }
    sse.end();
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
