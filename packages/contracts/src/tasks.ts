import { z } from 'zod';

export const taskPrioritySchema = z.enum(['low', 'medium', 'high']);
export type TaskPriority = z.infer<typeof taskPrioritySchema>;

export const taskIdSchema = z.uuid();

/** PostgreSQL text cannot hold NUL characters: reject them as invalid input, not a server error. */
export const noNulCharacters = (value: string) => !value.includes('\u0000');
const nulMessage = 'must not contain NUL characters';

/** Longest title and description a task can have (the forms' limits too). */
export const taskFieldLimits = { titleMaxLength: 200, descriptionMaxLength: 2000 } as const;

const titleSchema = z.string().trim().min(1, 'must not be empty').max(taskFieldLimits.titleMaxLength).refine(noNulCharacters, nulMessage);
const descriptionSchema = z.string().max(taskFieldLimits.descriptionMaxLength).refine(noNulCharacters, nulMessage).nullable();
/** ISO 8601 date-time with offset, e.g. 2026-12-01T09:00:00Z, in years 1900-9999; null clears it. */
const dueDateSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1900 && year <= 9999;
  }, 'must be between the years 1900 and 9999')
  .nullable();

export const taskSchema = z.object({
  id: taskIdSchema,
  title: z.string(),
  description: z.string().nullable(),
  completed: z.boolean(),
  priority: taskPrioritySchema,
  dueDate: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Task = z.infer<typeof taskSchema>;

export const createTaskRequestSchema = z.strictObject({
  title: titleSchema,
  description: descriptionSchema.optional(),
  priority: taskPrioritySchema.default('medium'),
  dueDate: dueDateSchema.optional(),
});
export type CreateTaskRequest = z.input<typeof createTaskRequestSchema>;
export type CreateTaskInput = z.output<typeof createTaskRequestSchema>;

export const updateTaskRequestSchema = z
  .strictObject({
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    priority: taskPrioritySchema.optional(),
    dueDate: dueDateSchema.optional(),
    completed: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field must be given' });
export type UpdateTaskRequest = z.input<typeof updateTaskRequestSchema>;
export type UpdateTaskInput = z.output<typeof updateTaskRequestSchema>;

export const taskStatusFilterSchema = z.enum(['all', 'active', 'completed']);
export type TaskStatusFilter = z.infer<typeof taskStatusFilterSchema>;
export const taskSortSchema = z.enum(['created', 'due', 'priority']);
export type TaskSort = z.infer<typeof taskSortSchema>;
export const sortOrderSchema = z.enum(['asc', 'desc']);

/** Query string of `GET /tasks`. Every field is optional; values arrive as strings. */
export const listTasksQuerySchema = z.strictObject({
  status: taskStatusFilterSchema.default('all'),
  priority: taskPrioritySchema.optional(),
  /** Case-insensitive substring match on title and description. */
  q: z.string().trim().min(1).max(200).refine(noNulCharacters, nulMessage).optional(),
  sort: taskSortSchema.default('created'),
  order: sortOrderSchema.default('desc'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor: z.string().min(1).max(500).optional(),
});
export type ListTasksQuery = z.input<typeof listTasksQuerySchema>;
export type ListTasksInput = z.output<typeof listTasksQuerySchema>;

export const taskListSchema = z.object({
  items: z.array(taskSchema),
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TaskList = z.infer<typeof taskListSchema>;

export const taskResponseSchema = z.object({ task: taskSchema });
export type TaskResponse = z.infer<typeof taskResponseSchema>;
