'use client';

import type { CreateTaskRequest, Task, UpdateTaskRequest } from '@todo/contracts';
import { useRef, useState } from 'react';
import { describeApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { BOARD_PAGE_SIZE, isFiltered, type BoardQuery } from '../../lib/task-query';
import { Alert } from '../ui/alert';
import { NewTaskForm } from './new-task-form';
import { TaskFilters } from './task-filters';
import { TaskItem } from './task-item';
import { insertAt, replaceById, withoutId } from './task-list';

export interface TaskBoardProps {
  initialTasks: Task[];
  initialNextCursor: string | null;
  query: BoardQuery;
}

/**
 * The task board. Every change shows at once (optimistic) and is rolled back, with a message, if the
 * server refuses it. A new server render (filters changed, or the assistant changed tasks) replaces
 * the local list.
 */
export function TaskBoard({ initialTasks, initialNextCursor, query }: TaskBoardProps) {
  const [source, setSource] = useState(initialTasks);
  const [tasks, setTasks] = useState(initialTasks);
  const [nextCursor, setNextCursor] = useState(initialNextCursor);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(() => new Set());
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const optimisticCounter = useRef(0);

  if (initialTasks !== source) {
    setSource(initialTasks);
    setTasks(initialTasks);
    setNextCursor(initialNextCursor);
  }

  function markPending(id: string, pending: boolean) {
    setPendingIds((current) => {
      const next = new Set(current);
      if (pending) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function create(input: CreateTaskRequest) {
    const now = new Date().toISOString();
    const optimistic: Task = {
      id: `optimistic-${++optimisticCounter.current}`,
      title: input.title,
      description: input.description ?? null,
      completed: false,
      priority: input.priority ?? 'medium',
      dueDate: input.dueDate ?? null,
      createdAt: now,
      updatedAt: now,
    };
    setError(null);
    setTasks((current) => [optimistic, ...current]);
    markPending(optimistic.id, true);
    try {
      const created = await browserApi.createTask(input);
      setTasks((current) => replaceById(current, optimistic.id, created));
      setAnnouncement(`Added “${created.title}”.`);
    } catch (caught) {
      setTasks((current) => withoutId(current, optimistic.id));
      setError(`Could not add “${input.title}”: ${describeApiError(caught)}`);
    } finally {
      markPending(optimistic.id, false);
    }
  }

  async function update(id: string, patch: UpdateTaskRequest) {
    const previous = tasks.find((task) => task.id === id);
    if (!previous) return;
    setError(null);
    setTasks((current) => replaceById(current, id, { ...previous, ...patch }));
    markPending(id, true);
    try {
      const updated = await browserApi.updateTask(id, patch);
      setTasks((current) => replaceById(current, id, updated));
      setAnnouncement(patch.completed === undefined ? `Saved “${updated.title}”.` : `Marked “${updated.title}” as ${updated.completed ? 'done' : 'not done'}.`);
    } catch (caught) {
      setTasks((current) => replaceById(current, id, previous));
      setError(`Could not save “${previous.title}”: ${describeApiError(caught)}`);
    } finally {
      markPending(id, false);
    }
  }

  async function remove(id: string) {
    const index = tasks.findIndex((task) => task.id === id);
    const previous = tasks[index];
    if (!previous) return;
    setError(null);
    setTasks((current) => withoutId(current, id));
    try {
      await browserApi.deleteTask(id);
      setAnnouncement(`Deleted “${previous.title}”.`);
    } catch (caught) {
      setTasks((current) => insertAt(current, index, previous));
      setError(`Could not delete “${previous.title}”: ${describeApiError(caught)}`);
    }
  }

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await browserApi.listTasks({ ...query, limit: BOARD_PAGE_SIZE, cursor: nextCursor });
      setTasks((current) => [...current, ...page.items.filter((task) => !current.some((known) => known.id === task.id))]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(`Could not load more tasks: ${describeApiError(caught)}`);
    } finally {
      setLoadingMore(false);
    }
  }

  const remaining = tasks.filter((task) => !task.completed).length;

  return (
    <section className="panel board" aria-labelledby="board-heading">
      <div className="panel-header">
        <h2 id="board-heading">Tasks</h2>
        <p className="hint" aria-live="polite">
          {tasks.length === 0 ? '' : `${remaining} open of ${tasks.length} shown`}
        </p>
      </div>
      <NewTaskForm onCreate={(input) => void create(input)} />
      <TaskFilters query={query} />
      {error ? <Alert onDismiss={() => setError(null)}>{error}</Alert> : null}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {tasks.length === 0 ? (
        <div className="empty">
          {isFiltered(query) ? (
            <p>No tasks match these filters.</p>
          ) : (
            <p>No tasks yet. Add your first one above, or ask the assistant.</p>
          )}
        </div>
      ) : (
        <ul className="task-list" aria-label="Tasks">
          {tasks.map((task) => (
            <TaskItem key={task.id} task={task} pending={pendingIds.has(task.id)} onUpdate={(id, patch) => void update(id, patch)} onDelete={(id) => void remove(id)} />
          ))}
        </ul>
      )}
      {nextCursor ? (
        <button type="button" className="button load-more" onClick={() => void loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
