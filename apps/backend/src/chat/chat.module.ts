/**
 * Wires the assistant from config: the Groq client (only when enabled), the agent, the service
 * and the routes. With `LLM_PROVIDER=disabled` or no key, `/chat` answers 503 and the
 * conversation history stays readable.
 */
import type { RequestHandler, Router } from 'express';
import type { Registry } from 'prom-client';
import type { LlmConfig } from '../config';
import type { PrismaClient } from '../db/database';
import { AppError } from '../errors';
import type { Logger } from '../observability/logger';
import { createAgent } from './agent';
import { createChatMetrics } from './chat.metrics';
import { createChatRepository } from './chat.repository';
import { createChatRouter } from './chat.routes';
import { createChatService } from './chat.service';
import { createLlmClient } from './llm-client';
import type { HistoryBudget } from './messages';
import type { TaskOperations } from './tools';

export interface ChatLimits {
  /** Each request to the provider is aborted after this long (504 llm_timeout). */
  requestTimeoutMs: number;
  /** Attempts per provider request on 429/5xx/connection errors/tool_use_failed, the first included. */
  maxAttempts: number;
  initialBackoffMs: number;
  /** Also the longest retry-after honoured; a longer one fails the request at once (503). */
  maxBackoffMs: number;
  /** Tool rounds per user message; the round after the last one must answer in text. */
  maxToolRounds: number;
  historyBudget: HistoryBudget;
}

/** Worst case per message: (maxToolRounds + 1) model requests, each up to requestTimeoutMs. */
export const defaultChatLimits: ChatLimits = {
  requestTimeoutMs: 20_000,
  maxAttempts: 3,
  initialBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxToolRounds: 5,
  historyBudget: { maxMessages: 40, maxChars: 24_000 },
};

export interface ChatModuleDeps {
  prisma: PrismaClient;
  tasks: TaskOperations;
  llm: LlmConfig;
  registry: Registry;
  logger: Logger;
  requireAuth: RequestHandler;
  limits?: Partial<ChatLimits>;
}

/** Errors of the tasks service that are answers for the model (the call is refused, nothing changed). */
const rejectionCodes = new Set(['not_found', 'validation_failed', 'conflict']);
const isRejection = (error: unknown): error is AppError => error instanceof AppError && rejectionCodes.has(error.code);

export function createChatModule(deps: ChatModuleDeps): Router {
  const limits = { ...defaultChatLimits, ...deps.limits };
  const metrics = createChatMetrics(deps.registry);
  const log = deps.logger.child({ module: 'chat' });
  const apiKey = deps.llm.enabled ? deps.llm.groqApiKey : undefined;

  const agent = apiKey
    ? createAgent({
        llm: createLlmClient({
          apiKey,
          baseUrl: deps.llm.groqBaseUrl,
          model: deps.llm.groqModel,
          maxTokens: deps.llm.maxTokens,
          temperature: deps.llm.temperature,
          requestTimeoutMs: limits.requestTimeoutMs,
          maxAttempts: limits.maxAttempts,
          initialBackoffMs: limits.initialBackoffMs,
          maxBackoffMs: limits.maxBackoffMs,
          metrics,
          log: (fields, message) => log.warn(fields, message),
        }),
        agentName: deps.llm.agentName,
        agentInstructions: deps.llm.agentInstructions,
        maxToolRounds: limits.maxToolRounds,
        metrics,
        isRejection,
      })
    : undefined;

  const chat = createChatService({
    repository: createChatRepository(deps.prisma),
    tasks: deps.tasks,
    agent,
    historyBudget: limits.historyBudget,
  });
  return createChatRouter({ chat, requireAuth: deps.requireAuth });
}
