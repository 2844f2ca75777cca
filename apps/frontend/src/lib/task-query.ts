import { listTasksQuerySchema, type ListTasksInput } from '@todo/contracts';

/** The board's filters, as they appear in the page URL. */
export type BoardQuery = Pick<ListTasksInput, 'status' | 'priority' | 'q' | 'sort' | 'order'>;

export const DEFAULT_BOARD_QUERY: BoardQuery = { status: 'all', sort: 'created', order: 'desc' };

/** How many tasks a page of the board shows before "Load more". */
export const BOARD_PAGE_SIZE = 50;

/** Reads the filters from the page's search params; anything invalid falls back to its default. */
export function boardQueryFrom(searchParams: Record<string, string | string[] | undefined>): BoardQuery {
  const query: BoardQuery = { ...DEFAULT_BOARD_QUERY };
  for (const key of ['status', 'priority', 'q', 'sort', 'order'] as const) {
    const raw = searchParams[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '') continue;
    const parsed = listTasksQuerySchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) Object.assign(query, { [key]: parsed.data });
  }
  return query;
}

/** The URL of the board for these filters, leaving defaults out so the plain board stays `/tasks`. */
export function boardHref(query: BoardQuery): string {
  const params = new URLSearchParams();
  if (query.status !== DEFAULT_BOARD_QUERY.status) params.set('status', query.status);
  if (query.priority) params.set('priority', query.priority);
  if (query.q) params.set('q', query.q);
  if (query.sort !== DEFAULT_BOARD_QUERY.sort) params.set('sort', query.sort);
  if (query.order !== DEFAULT_BOARD_QUERY.order) params.set('order', query.order);
  const text = params.toString();
  return text === '' ? '/tasks' : `/tasks?${text}`;
}

export function isFiltered(query: BoardQuery): boolean {
  return query.status !== 'all' || query.priority !== undefined || query.q !== undefined;
}
