/**
 * Wires the assistant from config: the Groq client (only when enabled), the agent, the service
 * and the routes. With `LLM_PROVIDER=disabled` or no key, `/chat` answers 503 and the
 * conversation history stays readable.
 */
import type { Router } from 'express';
import type { FeatureContext } from '../app';
import { AppError } from '../errors';
import { createAgent } from './agent';
import { createAssistantMetrics } from './assistant.metrics';
import { createAssistantRepository } from './assistant.repository';
import { createAssistantRouter } from './assistant.routes';
import { createAssistantService } from './assistant.service';
import { createLlmClient } from './llm-client';
import type { HistoryBudget } from './messages';

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
};

/** Errors of the tasks service that are answers for the model (the call is refused, nothing changed). */
const rejectionCodes = new Set(['not_found', 'validation_failed', 'conflict']);
const isRejection = (error: unknown): error is AppError => error instanceof AppError && rejectionCodes.has(error.code);

/**
 * The assistant as a feature of `createApp` (`AppDeps.features`): serves `POST /chat`,
 * `GET /conversations` and `GET /conversations/:id/messages` under `/api/v1`.
 * Tests pass tighter limits (short timeouts, no backoff).
 */
export function createAssistantFeature(overrides: Partial<AssistantLimits> = {}): (context: FeatureContext) => Router {
  return (context) => createAssistantRouterFromContext(context, { ...defaultAssistantLimits, ...overrides });
}

function createAssistantRouterFromContext(context: FeatureContext, limits: AssistantLimits): Router {
  const settings = context.config.assistant;
  const metrics = createAssistantMetrics(context.metrics.registry);
  const log = context.logger.child({ module: 'chat' });
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
    repository: createAssistantRepository(context.database.prisma),
    tasks: context.tasks,
    agent,
    historyBudget: limits.historyBudget,
  });
  return createAssistantRouter({ chat, requireAuth: context.requireAuth });
}
