import { routes } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { TurnStoppedError } from '../errors';
import { responded, routeMounter } from '../http/routes';
import { toolCallNotFound } from './actions';
import { conversationNotFound, type AssistantService } from './assistant.service';
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
  const { on, onStreaming } = routeMounter(router, options.requireAuth);

  /**
   * JSON by default. With `Accept: text/event-stream`, the turn streams as events (the contract's
   * `chatStreamEventSchemas`): `start` ({ conversationId }), `delta` ({ text }) as the model writes,
   * `tool_call` (a ToolCall) after each tool ran, then `done` (the ChatResponse) or `error` (an
   * ErrorBody). Either way, a client that goes away stops the turn (stored as a failed turn).
   */
  onStreaming(routes.chat, { before: [options.limitMessages], body: 'chat message' }, async ({ user, body: request }, req, res) => {
    const userId = user.id;
    const signal = abortOnClientGone(res);
    if (req.accepts(['application/json', 'text/event-stream']) !== 'text/event-stream') {
      try {
        return { status: 200, body: await chat.send(userId, request, { signal }) };
      } catch (error) {
        if (!(error instanceof TurnStoppedError)) throw error;
        res.status(CLIENT_CLOSED_REQUEST).end();
        return responded;
      }
    }
    const sse = createSseWriter(res, { heartbeatMs: options.heartbeatMs });
    try {
      const body = await chat.send(userId, request, {
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
        return responded;
      }
      if (!sse.started) throw error;
      // The request line (http/request-context.ts) logs this error, as the error middleware would have.
      res.err = error instanceof Error ? error : new Error(String(error));
      sse.send('error', errorEventBody(error));
    }
    sse.end();
    return responded;
  });

  on(routes.listConversations, {}, async ({ user }) => ({ status: 200, body: await chat.listConversations(user.id) }));

  on(routes.listMessages, { notFound: ({ id }) => conversationNotFound(id) }, async ({ user, params }) => ({
    status: 200,
    body: await chat.listMessages(user.id, params.id),
  }));

  on(routes.undoToolCall, { notFound: ({ id, toolCallId }) => toolCallNotFound(id, toolCallId) }, async ({ user, params }) => ({
    status: 200,
    body: await chat.undo(user.id, params.id, params.toolCallId),
  }));

  return router;
}
