/**
 * One turn of the assistant: the user's message, then up to `maxToolRounds` rounds of
 * "the model asks for tools, the tools run", then the model's text reply. The last allowed round
 * is sent with `tool_choice: none`, so a model that keeps calling tools still ends with a reply.
 */
import { randomUUID } from 'node:crypto';
import type { ToolCall } from '@todo/contracts';
import { AppError } from '../errors';
import type { TasksService } from '../tasks/tasks.service';
import type { AssistantActions } from './actions';
import { countToolCall, type AssistantMetrics } from './assistant.metrics';
import type { LlmClient } from './llm-client';
import { toModelMessage, type ChatMessage } from './messages';
import { runToolCall, toToolCall, toolSpecs, type IsRejection } from './tools';

export interface AgentOptions {
  llm: LlmClient;
  assistantName: string;
  assistantInstructions: string;
  maxToolRounds: number;
  /** The whole turn (every model request, retries included) must finish within this. */
  turnTimeoutMs: number;
  metrics: AssistantMetrics;
  /** Which errors of the tasks service are answers for the model (not found, invalid) rather than failures. */
  isRejection: IsRejection;
  now?: () => Date;
}

export interface TurnInput {
  userId: string;
  /** The conversation the turn is stored in (chosen before the turn for a new one). */
  conversationId: string;
  tasks: TasksService;
  actions: AssistantActions;
  /** Earlier messages of the conversation, already cut to the history budget. */
  history: readonly ChatMessage[];
  message: string;
  /** For streaming: called as the turn progresses. */
  events?: TurnEvents;
  /**
   * Aborted when the person stops the turn: the model request in flight is cut and no further one
   * is made (the tools of a round already asked for still run, so rounds stay whole).
   */
  signal?: AbortSignal;
}

export interface TurnEvents {
  /** Text of the model's answer as it arrives (from every round; the final reply is in the result). */
  onDelta?: (text: string) => void;
  /** Each tool call once it has run, with its result or error. */
  onToolCall?: (call: ToolCall) => void;
}

export interface TurnResult {
  /** The user's message, then every assistant and tool message of the turn, in order. */
  messages: ChatMessage[];
  reply: string;
  toolCalls: ToolCall[];
}

/**
 * A turn that failed after some tool rounds had run (and changed tasks). `completed` is the turn
 * up to the last finished round: the user message, and every assistant tool call with all its
 * results, never a call without its result.
 */
export class TurnFailedError extends Error {
  constructor(
    readonly cause: AppError,
    readonly completed: ChatMessage[],
    readonly toolCalls: ToolCall[],
  ) {
    super(cause.message, { cause });
    this.name = 'TurnFailedError';
  }
}

export interface Agent {
  runTurn(input: TurnInput): Promise<TurnResult>;
}

export function createAgent(options: AgentOptions): Agent {
  const now = options.now ?? (() => new Date());
  const tools = toolSpecs;

  function systemPrompt(): string {
    return [
      `You are ${options.assistantName}. ${options.assistantInstructions}`,
      "The tools read and change the user's real todo list. When the user names a task by its title, call " +
        'list_tasks (q filters by text) to find its id first; never invent ids. If a tool returns an error, ' +
        'correct the call or tell the user. Dates are ISO 8601 date-times with a time zone.',
      `Today is ${now().toISOString().slice(0, 10)}.`,
    ].join('\n');
  }

  return {
    async runTurn(input) {
      const clock = monotonicClock(now);
      const deadline = Date.now() + options.turnTimeoutMs;
      const prompt = systemPrompt();
      const messages: ChatMessage[] = [message('user', input.message, clock())];
      const toolCalls: ToolCall[] = [];
      // Lengths at the end of the last complete round: `messages` up to there is a consistent prefix.
      const checkpoint = { messages: messages.length, toolCalls: 0 };

      try {
        for (let round = 0; ; round += 1) {
          const lastRound = round >= options.maxToolRounds;
          const answer = await options.llm.complete(
            {
              messages: [{ role: 'system', content: prompt }, ...input.history.map(toModelMessage), ...messages.map(toModelMessage)],
              tools,
              toolChoice: lastRound ? 'none' : 'auto',
            },
            { onContent: input.events?.onDelta, deadline, signal: input.signal },
          );

          if (answer.toolCalls.length === 0 || lastRound) {
            const reply = answer.content.trim() || fallbackReply(answer.toolCalls.length > 0);
            messages.push(message('assistant', reply, clock()));
            return { messages, reply, toolCalls };
          }

          messages.push({ ...message('assistant', answer.content, clock()), toolCalls: answer.toolCalls });
          for (const call of answer.toolCalls) {
            // Our own id for the call (the model's ids are only unique per answer): undo takes it.
            const id = randomUUID();
            const outcome = await runToolCall(
              { userId: input.userId, conversationId: input.conversationId, tasks: input.tasks, actions: input.actions },
              { id, name: call.function.name, arguments: call.function.arguments },
              options.isRejection,
            );
            countToolCall(options.metrics, call.function.name, outcome.outcome);
            const shown = toToolCall(id, call.function.name, call.function.arguments, outcome);
            toolCalls.push(shown);
            input.events?.onToolCall?.(shown);
            const content = JSON.stringify(outcome.outcome === 'ok' ? outcome.result : { error: outcome.error });
            messages.push({ ...message('tool', content, clock()), toolCalls: [shown], toolCallId: call.id });
          }
          checkpoint.messages = messages.length;
          checkpoint.toolCalls = toolCalls.length;
        }
      } catch (error) {
        if (error instanceof AppError && checkpoint.messages > 1) {
          const completed = messages.slice(0, checkpoint.messages);
          throw new TurnFailedError(error, completed, toolCalls.slice(0, checkpoint.toolCalls));
        }
        throw error;
      }
    },
  };
}

function fallbackReply(stoppedWithToolCalls: boolean): string {
  return stoppedWithToolCalls
    ? 'I stopped after the maximum number of tool steps for one message. Ask me to continue if something is left.'
    : 'Done.';
}

function message(role: ChatMessage['role'], content: string, createdAt: Date): ChatMessage {
  return { role, content, toolCalls: null, toolCallId: null, createdAt };
}

/**
 * Timestamps that strictly increase within a turn: messages are ordered by `createdAt`
 * (millisecond precision), and several are often written within the same millisecond.
 */
function monotonicClock(now: () => Date): () => Date {
  let last = 0;
  return () => {
    last = Math.max(now().getTime(), last + 1);
    return new Date(last);
  };
}
