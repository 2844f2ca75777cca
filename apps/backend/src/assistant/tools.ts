/**
 * The assistant's tools: thin adapters over the same tasks service the REST API uses, always
 * called with the user the chat request was authenticated as. Arguments are validated with the
 * REST API's zod schemas before anything runs; a bad call becomes a tool error for the model.
 * Names and result shapes are the contract's (`@todo/contracts` tool-calls), which the UI reads.
 */
import {
  createTaskRequestSchema,
  isUndoableToolName,
  listTasksQuerySchema,
  taskIdSchema,
  toolNames,
  updateTaskRequestSchema,
  type Task,
  type ToolCall,
  type ToolName,
  type ToolResult,
  type ToolTask,
  type UpdateTaskInput,
} from '@todo/contracts';
import { z } from 'zod';
import type { TasksService } from '../tasks/tasks.service';
import type { AssistantActions, TaskChange } from './actions';
import { toToolParameters, type ToolParameters } from './tool-parameters';

export interface ToolContext {
  userId: string;
  /** The conversation of the turn: actions are recorded in it, and `undo_last_action` is scoped to it. */
  conversationId: string;
  tasks: TasksService;
  actions: AssistantActions;
}

/** What a tool run produced: the result for the model, and the task change to record for undo. */
interface ToolRun<N extends ToolName> {
  result: ToolResult<N>;
  change?: TaskChange;
}

interface ToolDefinition<N extends ToolName, TArgs> {
  name: N;
  description: string;
  arguments: z.ZodType<TArgs>;
  run(context: ToolContext, args: TArgs): Promise<ToolRun<N>>;
}

/** Tool arguments referring to a task carry its id; the description tells the model where ids come from. */
const idArgument = taskIdSchema.describe('The id of the task, as returned by list_tasks or add_task.');

const updateTaskArguments = z
  .strictObject({ id: idArgument, ...updateTaskRequestSchema.shape })
  .refine((args) => Object.keys(args).length > 1, { message: 'give at least one field to change besides id' });

const taskRefArguments = z.strictObject({ id: idArgument });
const noArguments = z.strictObject({});

/** The task as the model sees it: what it needs to answer and to resolve "the milk task" to an id. */
function forModel(task: Task): ToolTask {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    completed: task.completed,
    priority: task.priority,
    dueDate: task.dueDate,
  };
}

/** Updates one task and keeps its state before and after, for undo (`update_task`, `complete_task`). */
async function updateRecorded<N extends 'update_task' | 'complete_task'>(
  tool: N,
  tasks: TasksService,
  userId: string,
  id: string,
  patch: UpdateTaskInput,
): Promise<ToolRun<N>> {
  const { before, after } = await tasks.updateRecorded(userId, id, patch);
  // Both tools answer `{ task }`; TypeScript cannot see that through the generic N.
  const result = { task: forModel(after) } as ToolResult<N>;
  return { result, change: { tool, before, after } };
}

const definitions = [
  {
    name: 'add_task',
    description: "Create a task in the user's todo list. Returns the created task with its id.",
    arguments: createTaskRequestSchema,
    run: async ({ userId, tasks }, args) => {
      const task = await tasks.create(userId, args);
      return { result: { task: forModel(task) }, change: { tool: 'add_task', before: null, after: task } };
    },
  } satisfies ToolDefinition<'add_task', z.output<typeof createTaskRequestSchema>>,
  {
    name: 'list_tasks',
    description:
      "List the user's tasks with their ids, newest first by default. Use it to find the id of a task the " +
      'user names by its title (q filters by text) before updating, completing or deleting it.',
    arguments: listTasksQuerySchema,
    run: async ({ userId, tasks }, args) => {
      const page = await tasks.list(userId, args);
      return { result: { tasks: page.items.map(forModel), nextCursor: page.nextCursor } };
    },
  } satisfies ToolDefinition<'list_tasks', z.output<typeof listTasksQuerySchema>>,
  {
    name: 'update_task',
    description: 'Change fields of one task (title, description, priority, dueDate, completed). Returns the task.',
    arguments: updateTaskArguments,
    run: ({ userId, tasks }, { id, ...patch }) => updateRecorded('update_task', tasks, userId, id, patch),
  } satisfies ToolDefinition<'update_task', z.output<typeof updateTaskArguments>>,
  {
    name: 'complete_task',
    description: 'Mark one task as done. Returns the task.',
    arguments: taskRefArguments,
    run: ({ userId, tasks }, { id }) => updateRecorded('complete_task', tasks, userId, id, { completed: true }),
  } satisfies ToolDefinition<'complete_task', z.output<typeof taskRefArguments>>,
  {
    name: 'delete_task',
    description: 'Delete one task. Returns the id and title of the deleted task. The user can undo it.',
    arguments: taskRefArguments,
    run: async ({ userId, tasks }, { id }) => {
      const task = await tasks.remove(userId, id);
      return { result: { deleted: { id: task.id, title: task.title } }, change: { tool: 'delete_task', before: task, after: null } };
    },
  } satisfies ToolDefinition<'delete_task', z.output<typeof taskRefArguments>>,
  {
    name: 'undo_last_action',
    description:
      'Undo the most recent task change made in this conversation (an add, update, completion or deletion) that ' +
      'is not undone yet, e.g. when the user says "undo that" or "put it back". Call it again to undo the one before.',
    arguments: noArguments,
    run: async ({ userId, conversationId, actions }) => ({ result: { undone: await actions.undoLast(userId, conversationId) } }),
  } satisfies ToolDefinition<'undo_last_action', z.output<typeof noArguments>>,
];

type AnyDefinition = ToolDefinition<ToolName, unknown>;
const byName = new Map<string, AnyDefinition>(definitions.map((definition) => [definition.name, definition as AnyDefinition]));

/** The `tools` array of a chat-completions request. */
export interface ToolSpec {
  type: 'function';
  function: { name: ToolName; description: string; parameters: ToolParameters };
}

export const toolSpecs: ToolSpec[] = toolNames.map((name) => {
  const definition = byName.get(name)!;
  return {
    type: 'function',
    function: { name, description: definition.description, parameters: toToolParameters(definition.arguments) },
  };
});

/** How a tool call ended; `outcome` is also the metrics label. */
export type ToolOutcome =
  { outcome: 'ok'; result: unknown } | { outcome: 'unknown_tool' | 'invalid_arguments' | 'rejected'; error: string };

/**
 * Errors a tool turns into an answer for the model (the call is refused, nothing changed):
 * decided by the caller, because only it knows the service's error classes (e.g. NotFoundError).
 */
export type IsRejection = (error: unknown) => error is Error;

type Validated = { ok: true; definition: AnyDefinition; args: unknown } | { ok: false; outcome: ToolOutcome };

function validate(call: { name: string; arguments: string }): Validated {
  const definition = byName.get(call.name);
  if (!definition) {
    return {
      ok: false,
      outcome: { outcome: 'unknown_tool', error: `unknown tool "${call.name}"; the tools are ${toolNames.join(', ')}` },
    };
  }
  const parsedJson = parseArguments(call.arguments);
  if (!parsedJson.ok) return { ok: false, outcome: { outcome: 'invalid_arguments', error: parsedJson.error } };
  const validated = definition.arguments.safeParse(parsedJson.value);
  if (!validated.success) {
    return { ok: false, outcome: { outcome: 'invalid_arguments', error: `invalid arguments: ${describeIssues(validated.error)}` } };
  }
  return { ok: true, definition, args: validated.data };
}

/** Whether a call names a tool and its arguments pass that tool's schema (nothing runs). */
export function isValidToolCall(call: { name: string; arguments: string }): boolean {
  return validate(call).ok;
}

/**
 * Validates and runs one tool call, recording a task change for undo under `call.id`. Never throws
 * for anything the model did wrong; errors that are not rejections (the database is down)
 * propagate and fail the turn.
 */
export async function runToolCall(
  context: ToolContext,
  call: { id: string; name: string; arguments: string },
  isRejection: IsRejection,
): Promise<ToolOutcome> {
  const validated = validate(call);
  if (!validated.ok) return validated.outcome;
  let run: ToolRun<ToolName>;
  try {
    run = await validated.definition.run(context, validated.args);
  } catch (error) {
    if (isRejection(error)) return { outcome: 'rejected', error: error.message };
    throw error;
  }
  if (run.change) await context.actions.record(context.userId, context.conversationId, call.id, run.change);
  return { outcome: 'ok', result: run.result };
}

/** The call as the API reports it (the contract's ToolCall): a new undoable call is not undone. */
export function toToolCall(id: string, name: string, rawArguments: string, outcome: ToolOutcome): ToolCall {
  const args = argumentsAsObject(rawArguments);
  if (outcome.outcome !== 'ok') return { id, name, arguments: args, error: outcome.error };
  return { id, name, arguments: args, result: outcome.result, ...(isUndoableToolName(name) ? { undone: false } : {}) } as ToolCall;
}

/** The model's argument string as an object (`{}` when it is not a JSON object), for display and storage. */
export function argumentsAsObject(raw: string): Record<string, unknown> {
  const parsed = parseArguments(raw);
  return parsed.ok && isPlainObject(parsed.value) ? parsed.value : {};
}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  // Models send "" for a call without arguments.
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, error: `arguments are not valid JSON: ${raw.slice(0, 200)}` };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(arguments)'}: ${issue.message}`).join('; ');
}
