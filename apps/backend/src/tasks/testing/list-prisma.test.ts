import { afterCursor } from './list-prisma';

const key = { primary: 'medium', createdAt: '2026-11-01T10:00:00.000Z', id: '7d3f5a52-3c4e-4c1e-9a55-0d6f7a1b2c3d' };

describe('afterCursor', () => {
  it('when sorting by priority descending after a medium task, then low tasks and later medium ones follow', () => {
    const createdAt = new Date(key.createdAt);
    expect(afterCursor('priority', 'desc', key)).toEqual({
      OR: [
        { priority: { in: ['low'] } },
        {
          AND: [{ priority: 'medium' }, { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: key.id } }] }],
        },
      ],
    });
  });

  it('when sorting by due date after an undated task, then only later undated tasks follow (nulls last)', () => {
    const createdAt = new Date(key.createdAt);
    expect(afterCursor('due', 'asc', { ...key, primary: null })).toEqual({
      AND: [{ dueDate: null }, { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: key.id } }] }],
    });
  });
});
