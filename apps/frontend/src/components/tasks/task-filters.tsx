'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { boardHref, type BoardQuery } from '../../lib/task-query';
import { PriorityOptions } from './priority-options';

/**
 * Filters, search and sort live in the URL: the server component re-fetches for each change, and a
 * filtered board can be bookmarked or shared. Selects apply at once; search applies on Enter.
 */
export function TaskFilters({ query }: { query: BoardQuery }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useState(query.q ?? '');

  function apply(next: Partial<BoardQuery>) {
    startTransition(() => router.replace(boardHref({ ...query, ...next }), { scroll: false }));
  }

  function submitSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = search.trim();
    apply({ q: q === '' ? undefined : q });
  }

  return (
    <div className="filters" aria-busy={pending}>
      <form role="search" className="filters-search" onSubmit={submitSearch}>
        <label htmlFor="task-search" className="visually-hidden">
          Search tasks
        </label>
        <input
          id="task-search"
          type="search"
          placeholder="Search tasks"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <div className="filters-selects">
        <label>
          Status
          <select
            aria-label="Filter by status"
            value={query.status}
            onChange={(event) => apply({ status: event.target.value as BoardQuery['status'] })}
          >
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="completed">Completed</option>
          </select>
        </label>
        <label>
          Priority
          <select
            aria-label="Filter by priority"
            value={query.priority ?? ''}
            onChange={(event) =>
              apply({ priority: event.target.value === '' ? undefined : (event.target.value as BoardQuery['priority']) })
            }
          >
            <option value="">Any</option>
            <PriorityOptions highestFirst />
          </select>
        </label>
        <label>
          Sort by
          <select aria-label="Sort by" value={query.sort} onChange={(event) => apply({ sort: event.target.value as BoardQuery['sort'] })}>
            <option value="created">Created</option>
            <option value="due">Due date</option>
            <option value="priority">Priority</option>
          </select>
        </label>
        <label>
          Order
          <select
            aria-label="Sort order"
            value={query.order}
            onChange={(event) => apply({ order: event.target.value as BoardQuery['order'] })}
          >
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </label>
      </div>
      {pending ? (
        <p className="hint" role="status">
          Updating…
        </p>
      ) : null}
    </div>
  );
}
