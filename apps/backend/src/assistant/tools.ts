/**
 * The assistant's tools: thin adapters over the same tasks service the REST API uses, always
 * called with the user the chat request was authenticated as. Arguments are validated with the
 * REST API's zod schemas before anything runs; a bad call becomes a tool error for the model.
 */
import {
  createTaskRequestSchema,
  listTasksQuerySchema,
  taskIdSchema,
  updateTaskRequestSchema,
  type CreateTaskInput,
  type ListTasksInput,
  type Task,
  type TaskList,
  type UpdateTaskInput,
} from '@todo/contracts';
import { z } from 'zod';
import { toToolParameters, type ToolParameters } from './tool-parameters';

/** What the tools need from the tasks service (the shape `createTasksService` returns). */
export interface TaskOperations {
  create(userId: string, input: CreateTaskInput): Promise<Task>;
  get(userId: string, id: string): Promise<Task>;
  list(userId: string, query: ListTasksInput): Promise<TaskList>;
  update(userId: string, id: string, patch: UpdateTaskInput): Promise<Task>;
  remove(userId: string, id: string): Promise<unknown>;
}

export interface ToolContext {
  userId: string;
  tasks: TaskOperations;
}

export const toolNames = ['add_task', 'list_tasks', 'update_task', 'complete_task', 'delete_task'] as const;
export type ToolName = (typeof toolNames)[number];

interface ToolDefinition<TArgs> {
  name: ToolName;
  description: string;
  arguments: z.ZodType<TArgs>;
  run(context: ToolContext, args: TArgs): Promise<unknown>;
}

/** Tool arguments referring to a task carry its id; the description tells the model where ids come from. */
const idArgument = taskIdSchema.describe('The id of the task, as returned by list_tasks or add_task.');

const updateTaskArguments = z
  .strictObject({ id: idArgument, ...updateTaskRequestSchema.shape })
  .refine((args) => Object.keys(args).length > 1, { message: 'give at least one field to change besides id' });

const taskRefArguments = z.strictObject({ id: idArgument });

/** The task as the model sees it: what it needs to answer and to resolve "the milk task" to an id. */
function forModel(task: Task) {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    completed: task.completed,
    priority: task.priority,
    dueDate: task.dueDate,
  };
}

const definitions = [
  {
    name: 'add_task',
    description: "Create a task in the user's todo list. Returns the created task with its id.",
    arguments: createTaskRequestSchema,
    run: async ({ userId, tasks }, args) => ({ task: forModel(await tasks.create(userId, args)) }),
  } satisfies ToolDefinition<CreateTaskInput>,
  {
    name: 'list_tasks',
    description:
      "List the user's tasks with their ids, newest first by default. Use it to find the id of a task the " +
      'user names by its title (q filters by text) before updating, completing or deleting it.',
    arguments: listTasksQuerySchema,
    run: async ({ userId, tasks }, args) => {
      const page = await tasks.list(userId, args);
      return { tasks: page.items.map(forModel), nextCursor: page.nextCursor };
    },
  } satisfies ToolDefinition<ListTasksInput>,
  {
    name: 'update_task',
    description: 'Change fields of one task (title, description, priority, dueDate, completed). Returns the task.',
    arguments: updateTaskArguments,
    run: async ({ userId, tasks }, { id, ...patch }) => ({ task: forModel(await tasks.update(userId, id, patch)) }),
  } satisfies ToolDefinition<z.output<typeof updateTaskArguments>>,
  {
    name: 'complete_task',
    description: 'Mark one task as done. Returns the task.',
    arguments: taskRefArguments,
    run: async ({ userId, tasks }, { id }) => ({ task: forModel(await tasks.update(userId, id, { completed: true })) }),
  } satisfies ToolDefinition<z.output<typeof taskRefArguments>>,
  {
    name: 'delete_task',
    description: 'Delete one task for good. Returns the id and title of the deleted task.',
    arguments: taskRefArguments,
    run: async ({ userId, tasks }, { id }) => {
      const task = await tasks.get(userId, id);
      await tasks.remove(userId, id);
      return { deleted: { id: task.id, title: task.title } };
    },
  } satisfies ToolDefinition<z.output<typeof taskRefArguments>>,
];

const byName = new Map<string, ToolDefinition<unknown>>(
  definitions.map((definition) => [definition.name, definition as ToolDefinition<unknown>]),
);

/** The `tools` array of a chat-completions request. */
export interface ToolSpec {
  type: 'function';
  function: { name: ToolName; description: string; parameters: ToolParameters };
}

export const toolSpecs: ToolSpec[] = definitions.map((definition) => ({
  type: 'function',
  function: {
    name: definition.name,
    description: definition.description,
    parameters: toToolParameters(definition.arguments),
  },
}));

/** How a tool call ended; `outcome` is also the metrics label. */
export type ToolOutcome =
  | { outcome: 'ok'; result: unknown }
  | { outcome: 'unknown_tool' | 'invalid_arguments' | 'rejected'; error: string };

/**
 * Errors a tool turns into an answer for the model (the call is refused, nothing changed):
 * decided by the caller, because only it knows the service's error classes (e.g. NotFoundError).
 */
export type IsRejection = (error: unknown) => error is Error;

/**
 * Validates and runs one tool call. Never throws for anything the model did wrong; errors that
 * are not rejections (the database is down) propagate and fail the turn.
 */
export async function runToolCall(
  context: ToolContext,
  call: { name: string; arguments: string },
  isRejection: IsRejection,
): Promise<ToolOutcome> {
  const definition = byName.get(call.name);
  if (!definition) {
    return { outcome: 'unknown_tool', error: `unknown tool "${call.name}"; the tools are ${toolNames.join(', ')}` };
  }
  const parsedJson = parseArguments(call.arguments);
  if (!parsedJson.ok) return { outcome: 'invalid_arguments', error: parsedJson.error };
  const validated = definition.arguments.safeParse(parsedJson.value);
  if (!validated.success) {
    return { outcome: 'invalid_arguments', error: `invalid arguments: ${describeIssues(validated.error)}` };
  }
  try {
    return { outcome: 'ok', result: await definition.run(context, validated.data) };
  } catch (error) {
    if (isRejection(error)) return { outcome: 'rejected', error: error.message };
    throw error;
  }
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
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(arguments)'}: ${issue.message}`)
    .join('; ');
}
