import { decodeCursor, encodeCursor } from './pagination';

const key = { primary: 'medium', createdAt: '2026-11-01T10:00:00.000Z', id: '7d3f5a52-3c4e-4c1e-9a55-0d6f7a1b2c3d' };

describe('cursor encoding', () => {
  it('when a cursor is decoded for the same sort and order, then the key round-trips', () => {
    expect(decodeCursor(encodeCursor('priority', 'desc', key), 'priority', 'desc')).toEqual(key);
  });

  it.each([
    ['another sort', encodeCursor('priority', 'desc', key), 'due', 'desc'],
    ['another order', encodeCursor('priority', 'desc', key), 'priority', 'asc'],
    ['not base64 JSON', '%%%', 'created', 'desc'],
    ['a bad id', encodeCursor('created', 'desc', { ...key, primary: null, id: "x' OR 1=1" }), 'created', 'desc'],
    ['a bad priority', encodeCursor('priority', 'desc', { ...key, primary: 'urgent' }), 'priority', 'desc'],
  ] as const)('when the cursor has %s, then it is rejected as a validation error', (_case, cursor, sort, order) => {
    expect(() => decodeCursor(cursor, sort, order)).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: [{ path: 'cursor', message: 'is not a cursor of this listing' }] }),
    );
  });
});
