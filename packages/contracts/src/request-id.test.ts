import { requestIdFrom, requestIdPattern } from './request-id';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each(['abc-123', 'trace.id:42_x', 'a'.repeat(128)])('when the caller sends the plain id "%s", then it is kept', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['a line break (log injection)', 'abc\ninjected'],
    ['spaces', 'a b'],
    ['a list of values', ['abc', 'def']],
  ])('when the id is %s, then a new UUID is made', (_case, value) => {
    expect(requestIdFrom(value)).toMatch(uuid);
  });

  it('when two ids are made, then they differ, and each matches the pattern the other side checks', () => {
    const [first, second] = [requestIdFrom(null), requestIdFrom(null)];
    expect(first).not.toBe(second);
    expect([requestIdPattern.test(first), requestIdPattern.test(second)]).toEqual([true, true]);
  });
});
