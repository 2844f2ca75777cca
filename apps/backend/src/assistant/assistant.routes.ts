import { routes, type ChatResponse, type ConversationList, type MessageList, type UndoResponse } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { currentUser } from '../auth/require-auth';
import { routeMounter } from '../http/routes';
import { TurnStoppedError } from '../errors';
import { parseOrThrow } from '../http/validate';
import type { AssistantService } from './assistant.service';
import { abortOnClientGone, createSseWriter, errorEventBody } from './sse';

/** nginx's "client closed request": logged and counted for a turn the person stopped. */
const CLIENT_CLOSED_REQUEST = 499;

export function createAssistantRouter(options: {
  chat: AssistantService;
  requireAuth: RequestHandler;
  /** The per-user message limit, checked after the token and before anything reaches the model. */
  limitMessages: RequestHandler;
  heartbeatMs: number;
}): Router {
  const { chat } = options;
  const router = Router();
  const on = routeMounter(router, options.requireAuth);

  /**
   * JSON by default. With `Accept: text/event-stream`, the turn streams as events (the contract's
   * `chatStreamEventSchemas`): `start` ({ conversationId }), `delta` ({ text }) as the model writes,
   * `tool_call` (a ToolCall) after each tool ran, then `done` (the ChatResponse) or `error` (an
   * ErrorBody). Either way, a client that goes away stops the turn (stored as a failed turn).
   */
  on(routes.chat, options.limitMessages, async (req, res) => {
    const request = parseOrThrow(routes.chat.body, req.body, 'chat message');
    const userId = currentUser(res).id;
    const signal = abortOnClientGone(res);
    if (req.accepts(['application/json', 'text/event-stream']) !== 'text/event-stream') {
      try {
        const body: ChatResponse = await chat.send(userId, request, { signal });
        res.json(body);
      } catch (error) {
        if (!(error instanceof TurnStoppedError)) throw error;
        res.status(CLIENT_CLOSED_REQUEST).end();
      }
      return;
    }
    const sse = createSseWriter(res, { heartbeatMs: options.heartbeatMs });
    try {
      const body: ChatResponse = await chat.send(userId, request, {
        signal,
        onStart: (conversationId) => sse.open('start', { conversationId }),
        onDelta: (text) => sse.send('delta', { text }),
        onToolCall: (call) => sse.send('tool_call', call),
      });
      sse.send('done', body);
    } catch (error) {
      if (error instanceof TurnStoppedError) {
        if (!sse.started) res.status(CLIENT_CLOSED_REQUEST);
        sse.end();
        return;
      }
      if (!sse.started) throw error;
      // The request line (http/request-context.ts) logs this error, as the error middleware would have.
      res.err = error instanceof Error ? error : new Error(String(error));
      sse.send('error', errorEventBody(error));
    }
    sse.end();
  });

  on(routes.listConversations, async (_req, res) => {
    const body: ConversationList = await chat.listConversations(currentUser(res).id);
    res.json(body);
  });

  on(routes.listMessages, async (req, res) => {
    const body: MessageList = await chat.listMessages(currentUser(res).id, req.params.id as string);
    res.json(body);
  });

  on(routes.undoToolCall, async (req, res) => {
    const { id, toolCallId } = req.params as { id: string; toolCallId: string };
    const body: UndoResponse = await chat.undo(currentUser(res).id, id, toolCallId);
    res.json(body);
  });

  return router;
}
