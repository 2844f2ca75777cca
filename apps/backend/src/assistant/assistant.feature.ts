/**
 * Wires the assistant from config: the Groq client (only when enabled), the agent, the service
 * and the routes. With `LLM_PROVIDER=disabled` or no key, `/chat` answers 503 and the
 * conversation history stays readable.
 */
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { AssistantConfig } from '../config';
import type { PrismaClient } from '../db/database';
import { currentUser } from '../auth/require-auth';
import type { Feature } from '../feature';
import { createLimiter } from '../http/rate-limit';
import type { Logger } from '../observability/logger';
import type { TasksService } from '../tasks/tasks.service';
import { AppError } from '../errors';
import { createAssistantActions } from './actions';
import { createActionsRepository } from './actions.repository';
import { createAgent } from './agent';
import { createAssistantMetrics } from './assistant.metrics';
import { createAssistantRepository } from './assistant.repository';
import { createAssistantRouter } from './assistant.routes';
import { createAssistantService } from './assistant.service';
import { createLlmClient } from './llm-client';
import type { HistoryBudget } from './messages';
import { isValidToolCall } from './tools';

export interface AssistantLimits {
  /** Each request to the provider is aborted after this long (504 llm_timeout). */
  requestTimeoutMs: number;
  /** Attempts per provider request on 429/5xx/connection errors/tool_use_failed, the first included. */
  maxAttempts: number;
  initialBackoffMs: number;
  /** Also the longest retry-after honoured; a longer one fails the request at once (503). */
  maxBackoffMs: number;
  /** Tool rounds per user message; the round after the last one must answer in text. */
  maxToolRounds: number;
  /** Budget for a whole message (all its model requests and retries); 504 llm_timeout beyond it. */
  turnTimeoutMs: number;
  historyBudget: HistoryBudget;
  /** A streamed turn sends an SSE comment this often while nothing else is sent (keeps proxies from timing out). */
  heartbeatMs: number;
}

/** Worst case per message: turnTimeoutMs, however many rounds and retries it takes. */
export const defaultAssistantLimits: AssistantLimits = {
  requestTimeoutMs: 20_000,
  turnTimeoutMs: 60_000,
  maxAttempts: 3,
  initialBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxToolRounds: 5,
  historyBudget: { maxMessages: 40, maxChars: 24_000 },
  heartbeatMs: 15_000,
};

/** Errors of the tasks service that are answers for the model (the call is refused, nothing changed). */
const rejectionCodes = new Set(['not_found', 'validation_failed', 'conflict']);
const isRejection = (error: unknown): error is AppError => error instanceof AppError && rejectionCodes.has(error.code);

export interface AssistantFeatureDeps {
  settings: AssistantConfig;
  prisma: PrismaClient;
  logger: Logger;
  /** The app's metrics registry; the assistant registers its tool-call and LLM metrics on it. */
  registry: Registry;
  requireAuth: RequestHandler;
  /** The same tasks service the REST API uses: the tools are thin adapters over it. */
  tasks: TasksService;
  /** Tests pass tighter limits (short timeouts, no backoff). */
  limits?: Partial<AssistantLimits>;
  /** `POST /chat` messages per user per minute: each one costs one or more paid LLM requests. */
  messagesPerMinute: number;
}

/**
 * The assistant: `POST /chat`, `GET /conversations`, `GET /conversations/:id/messages` and
 * `POST /conversations/:id/tool-calls/:toolCallId/undo` under `/api/v1`.
 */
export function createAssistantFeature(deps: AssistantFeatureDeps): Feature {
  const { settings } = deps;
  const limits: AssistantLimits = { ...defaultAssistantLimits, ...deps.limits };
  const metrics = createAssistantMetrics(deps.registry);
  const log = deps.logger.child({ module: 'assistant' });
  const apiKey = settings.enabled ? settings.groqApiKey : undefined;

  const agent = apiKey
    ? createAgent({
        llm: createLlmClient({
          apiKey,
          baseUrl: settings.groqBaseUrl,
          model: settings.model,
          maxTokens: settings.maxTokens,
          temperature: settings.temperature,
          requestTimeoutMs: limits.requestTimeoutMs,
          maxAttempts: limits.maxAttempts,
          initialBackoffMs: limits.initialBackoffMs,
          maxBackoffMs: limits.maxBackoffMs,
          metrics,
          isValidToolCall,
          log: (fields, message) => log.warn(fields, message),
        }),
        assistantName: settings.name,
        assistantInstructions: settings.instructions,
        maxToolRounds: limits.maxToolRounds,
        turnTimeoutMs: limits.turnTimeoutMs,
        metrics,
        isRejection,
      })
    : undefined;

  const chat = createAssistantService({
    repository: createAssistantRepository(deps.prisma),
    tasks: deps.tasks,
    actions: createAssistantActions({ repository: createActionsRepository(deps.prisma) }),
    agent,
    historyBudget: limits.historyBudget,
  });
  const messages = createLimiter(deps.prisma, {
    name: 'assistant-user',
    points: deps.messagesPerMinute,
    windowSeconds: 60,
    message: (wait) => `You have sent the assistant too many messages. Try again in ${wait}.`,
  });
  const limitMessages: RequestHandler = async (_req, res, next) => {
    await messages.consume(currentUser(res).id);
    next();
  };
  return { router: createAssistantRouter({ chat, requireAuth: deps.requireAuth, limitMessages, heartbeatMs: limits.heartbeatMs }) };
}
