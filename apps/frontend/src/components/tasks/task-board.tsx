'use client';

import type { Task } from '@todo/contracts';
import { isFiltered, type BoardQuery } from '../../lib/task-query';
import { Alert } from '../ui/alert';
import { NewTaskForm } from './new-task-form';
import { TaskFilters } from './task-filters';
import { TaskItem } from './task-item';
import { useTaskBoard } from './use-task-board';

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
  const { state, create, update, remove, loadMore, dismissError } = useTaskBoard(initialTasks, initialNextCursor, query);
  const { tasks, nextCursor, pendingIds, error, announcement, loadingMore } = state;
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
      {error ? <Alert onDismiss={dismissError}>{error}</Alert> : null}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {tasks.length === 0 ? (
        <div className="empty">
          {isFiltered(query) ? <p>No tasks match these filters.</p> : <p>No tasks yet. Add your first one above, or ask the assistant.</p>}
        </div>
      ) : (
        <ul className="task-list" aria-label="Tasks">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              pending={pendingIds.has(task.id)}
              onUpdate={(id, patch) => void update(id, patch)}
              onDelete={(id) => void remove(id)}
            />
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
