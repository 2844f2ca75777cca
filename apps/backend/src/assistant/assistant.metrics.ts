import { Counter, Histogram, type Registry } from 'prom-client';
import { toolNames } from '@todo/contracts';
import type { ToolOutcome } from './tools';

export type LlmFailureReason =
  'timeout' | 'connection' | 'rate_limited' | 'auth' | 'server_error' | 'tool_use_failed' | 'bad_response' | 'other';

export interface LlmMetrics {
  /** Every attempt, retries included, by outcome ok | error. */
  llmRequestDuration: Histogram<'outcome'>;
  /** Every failed attempt, by reason (a retried 429 counts once per 429). */
  llmErrors: Counter<'reason'>;
}

export interface AssistantMetrics extends LlmMetrics {
  toolCalls: Counter<'tool' | 'outcome'>;
}

/**
 * The assistant's metrics, registered on the app's registry. Labels are closed sets (tool names,
 * outcomes, failure reasons): nothing the model or the user writes becomes a label value.
 */
export function createAssistantMetrics(registry: Registry): AssistantMetrics {
  return {
    toolCalls: new Counter({
      name: 'assistant_tool_calls_total',
      help: 'Tool calls made by the assistant, by tool and outcome (ok, invalid_arguments, rejected, unknown_tool)',
      labelNames: ['tool', 'outcome'] as const,
      registers: [registry],
    }),
    llmRequestDuration: new Histogram({
      name: 'llm_request_duration_seconds',
      help: 'Duration of each chat-completions request to the LLM provider, retries included, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
      registers: [registry],
    }),
    llmErrors: new Counter({
      name: 'llm_errors_total',
      help: 'Failed requests to the LLM provider, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}

/** The tool label: the tool's name, or `unknown` for a name the model made up. */
export function toolLabel(name: string): string {
  return (toolNames as readonly string[]).includes(name) ? name : 'unknown';
}

export function countToolCall(metrics: AssistantMetrics, name: string, outcome: ToolOutcome['outcome']): void {
  metrics.toolCalls.inc({ tool: toolLabel(name), outcome });
}
