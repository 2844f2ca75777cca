import { createTaskRequestSchema, listTasksQuerySchema, updateTaskRequestSchema } from './tasks';

describe('createTaskRequestSchema', () => {
  it('when only a title is given, then priority defaults to medium', () => {
    expect(createTaskRequestSchema.parse({ title: '  Buy milk ' })).toEqual({ title: 'Buy milk', priority: 'medium' });
  });

  it('when an unknown field is given, then it is rejected', () => {
    const result = createTaskRequestSchema.safeParse({ title: 'x', owner: 'someone-else' });
    expect(result.success).toBe(false);
  });

  it('when a text field holds a NUL character, then it is rejected (PostgreSQL text cannot store it)', () => {
    expect(createTaskRequestSchema.safeParse({ title: 'a\u0000b' }).success).toBe(false);
    expect(createTaskRequestSchema.safeParse({ title: 'x', description: '\u0000' }).success).toBe(false);
    expect(listTasksQuerySchema.safeParse({ q: '\u0000' }).success).toBe(false);
  });

  it('when the due date is outside the years 1900-9999, then it is rejected', () => {
    expect(createTaskRequestSchema.safeParse({ title: 'x', dueDate: '0000-01-01T00:00:00Z' }).success).toBe(false);
    expect(createTaskRequestSchema.safeParse({ title: 'x', dueDate: '1899-12-31T23:59:59Z' }).success).toBe(false);
    expect(createTaskRequestSchema.safeParse({ title: 'x', dueDate: '9999-12-31T23:59:59Z' }).success).toBe(true);
  });

  it('when the due date has no offset, then it is rejected', () => {
    expect(createTaskRequestSchema.safeParse({ title: 'x', dueDate: '2026-12-01' }).success).toBe(false);
    expect(createTaskRequestSchema.safeParse({ title: 'x', dueDate: '2026-12-01T09:00:00Z' }).success).toBe(true);
  });
});

describe('updateTaskRequestSchema', () => {
  it('when the patch is empty, then it is rejected', () => {
    expect(updateTaskRequestSchema.safeParse({}).success).toBe(false);
  });
});

describe('listTasksQuerySchema', () => {
  it('when the query is empty, then every default applies', () => {
    expect(listTasksQuerySchema.parse({})).toEqual({ status: 'all', sort: 'created', order: 'desc', limit: 20 });
  });

  it('when limit arrives as a string, then it is coerced and bounded', () => {
    expect(listTasksQuerySchema.parse({ limit: '5' }).limit).toBe(5);
    expect(listTasksQuerySchema.safeParse({ limit: '1000' }).success).toBe(false);
  });
});
