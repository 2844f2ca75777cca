import { boardHref, boardQueryFrom, isFiltered } from './task-query';

describe('boardQueryFrom', () => {
  it('when the URL has no filters, then the defaults apply', () => {
    expect(boardQueryFrom({})).toEqual({ status: 'all', sort: 'created', order: 'desc' });
  });

  it('when the URL has valid filters, then they are kept', () => {
    expect(boardQueryFrom({ status: 'active', priority: 'high', q: ' milk ', sort: 'due', order: 'asc' })).toEqual({
      status: 'active',
      priority: 'high',
      q: 'milk',
      sort: 'due',
      order: 'asc',
    });
  });

  it('when a value is invalid or repeated, then the invalid one falls back and the first one wins', () => {
    expect(boardQueryFrom({ status: 'bogus', priority: ['low', 'high'] })).toEqual({
      status: 'all',
      priority: 'low',
      sort: 'created',
      order: 'desc',
    });
  });
});

describe('boardHref', () => {
  it('when every filter is the default, then the URL is the plain board', () => {
    expect(boardHref({ status: 'all', sort: 'created', order: 'desc' })).toBe('/tasks');
  });

  it('when filters are set, then only those appear in the URL', () => {
    expect(boardHref({ status: 'completed', q: 'buy milk', sort: 'priority', order: 'desc' })).toBe(
      '/tasks?status=completed&q=buy+milk&sort=priority',
    );
  });
});

describe('isFiltered', () => {
  it('when only the sort changed, then the board is not filtered', () => {
    expect(isFiltered({ status: 'all', sort: 'due', order: 'asc' })).toBe(false);
    expect(isFiltered({ status: 'all', sort: 'due', order: 'asc', q: 'x' })).toBe(true);
  });
});
