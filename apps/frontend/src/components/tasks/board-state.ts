import type { CreateTaskRequest, Task, UpdateTaskRequest } from '@todo/contracts';
import { insertAt, replaceById, withoutId } from './task-list';

/**
 * The task board's state. `tasks` is the one list shown: the server's page, with each change under
 * way applied at once (optimistic) and put back as it was if the server refuses it.
 */
export interface BoardState {
  /**
   * The server render `tasks` began from, kept by identity only: a new render (filters changed, or
   * the assistant changed tasks) replaces the list.
   */
  source: readonly Task[];
  tasks: Task[];
  nextCursor: string | null;
  /** Tasks whose change the server has not confirmed yet: shown as saving, their controls off. */
  pendingIds: ReadonlySet<string>;
  error: string | null;
  /** What screen readers hear once the server confirmed a change. */
  announcement: string;
  loadingMore: boolean;
}

/**
 * What happened to the board. A change starts optimistically and then is saved or failed; a failure
 * carries what is needed to put the list back (`previous`, `index`) and the readable reason.
 */
export type BoardAction =
  | { type: 'serverRendered'; tasks: Task[]; nextCursor: string | null }
  | { type: 'errorDismissed' }
  | { type: 'createStarted'; task: Task }
  | { type: 'createSaved'; optimisticId: string; task: Task }
  | { type: 'createFailed'; optimisticId: string; title: string; reason: string }
  | { type: 'updateStarted'; previous: Task; patch: UpdateTaskRequest }
  | { type: 'updateSaved'; id: string; task: Task; patch: UpdateTaskRequest }
  | { type: 'updateFailed'; previous: Task; reason: string }
  | { type: 'deleteStarted'; id: string }
  | { type: 'deleteSaved'; task: Task }
  | { type: 'deleteFailed'; task: Task; index: number; reason: string }
  | { type: 'pageLoading' }
  | { type: 'pageLoaded'; tasks: readonly Task[]; nextCursor: string | null }
  | { type: 'pageFailed'; reason: string };

export function initialBoardState(tasks: Task[], nextCursor: string | null): BoardState {
  return { source: tasks, tasks, nextCursor, pendingIds: new Set(), error: null, announcement: '', loadingMore: false };
}

/** Every transition of the board, pure: use-task-board.ts dispatches them around each request. */
export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case 'serverRendered':
      return { ...state, source: action.tasks, tasks: action.tasks, nextCursor: action.nextCursor };
    case 'errorDismissed':
      return { ...state, error: null };
    case 'createStarted':
      return { ...state, tasks: [action.task, ...state.tasks], pendingIds: withPending(state.pendingIds, action.task.id), error: null };
    case 'createSaved':
      return {
        ...state,
        tasks: replaceById(state.tasks, action.optimisticId, action.task),
        pendingIds: withoutPending(state.pendingIds, action.optimisticId),
        announcement: `Added “${action.task.title}”.`,
      };
    case 'createFailed':
      return {
        ...state,
        tasks: withoutId(state.tasks, action.optimisticId),
        pendingIds: withoutPending(state.pendingIds, action.optimisticId),
        error: `Could not add “${action.title}”: ${action.reason}`,
      };
    case 'updateStarted': {
      const { previous, patch } = action;
      return {
        ...state,
        tasks: replaceById(state.tasks, previous.id, { ...previous, ...patch }),
        pendingIds: withPending(state.pendingIds, previous.id),
        error: null,
      };
    }
    case 'updateSaved':
      return {
        ...state,
        tasks: replaceById(state.tasks, action.id, action.task),
        pendingIds: withoutPending(state.pendingIds, action.id),
        announcement: savedAnnouncement(action.task, action.patch),
      };
    case 'updateFailed':
      return {
        ...state,
        tasks: replaceById(state.tasks, action.previous.id, action.previous),
        pendingIds: withoutPending(state.pendingIds, action.previous.id),
        error: `Could not save “${action.previous.title}”: ${action.reason}`,
      };
    case 'deleteStarted':
      return { ...state, tasks: withoutId(state.tasks, action.id), error: null };
    case 'deleteSaved':
      return { ...state, announcement: `Deleted “${action.task.title}”.` };
    case 'deleteFailed':
      return {
        ...state,
        tasks: insertAt(state.tasks, action.index, action.task),
        error: `Could not delete “${action.task.title}”: ${action.reason}`,
      };
    case 'pageLoading':
      return { ...state, loadingMore: true };
    case 'pageLoaded':
      return { ...state, tasks: appendNew(state.tasks, action.tasks), nextCursor: action.nextCursor, loadingMore: false };
    case 'pageFailed':
      return { ...state, error: `Could not load more tasks: ${action.reason}`, loadingMore: false };
  }
}

/** The task shown for a new one until the server answers with the stored task. */
export function optimisticTask(input: CreateTaskRequest, id: string, now: string): Task {
  return {
    id,
    title: input.title,
    description: input.description ?? null,
    completed: false,
    priority: input.priority ?? 'medium',
    dueDate: input.dueDate ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A checkbox change says what the task became; any other edit says it was saved. */
function savedAnnouncement(task: Task, patch: UpdateTaskRequest): string {
  return patch.completed === undefined ? `Saved “${task.title}”.` : `Marked “${task.title}” as ${task.completed ? 'done' : 'not done'}.`;
}

/** The next page after the list; a task already shown (added here since the first page) is not shown twice. */
function appendNew(tasks: readonly Task[], page: readonly Task[]): Task[] {
  return [...tasks, ...page.filter((task) => !tasks.some((known) => known.id === task.id))];
}

function withPending(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  return new Set(ids).add(id);
}

function withoutPending(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(ids);
  next.delete(id);
  return next;
}
