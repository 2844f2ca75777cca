'use client';

import type { CreateTaskRequest, Task, UpdateTaskRequest } from '@todo/contracts';
import { useReducer, useRef } from 'react';
import { describeApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { BOARD_PAGE_SIZE, type BoardQuery } from '../../lib/task-query';
import { boardReducer, initialBoardState, optimisticTask } from './board-state';

/**
 * The board's state (board-state.ts) and the requests that move it: each change is shown at once,
 * then saved or put back by the server's answer.
 */
export function useTaskBoard(initialTasks: Task[], initialNextCursor: string | null, query: BoardQuery) {
  const [state, dispatch] = useReducer(boardReducer, null, () => initialBoardState(initialTasks, initialNextCursor));
  const optimisticCounter = useRef(0);

  // A new server render replaces the list (React's "adjust state while rendering": no stale frame).
  if (initialTasks !== state.source) dispatch({ type: 'serverRendered', tasks: initialTasks, nextCursor: initialNextCursor });

  async function create(input: CreateTaskRequest) {
    const optimisticId = `optimistic-${++optimisticCounter.current}`;
    dispatch({ type: 'createStarted', task: optimisticTask(input, optimisticId, new Date().toISOString()) });
    try {
      dispatch({ type: 'createSaved', optimisticId, task: await browserApi.createTask(input) });
    } catch (caught) {
      dispatch({ type: 'createFailed', optimisticId, title: input.title, reason: describeApiError(caught) });
    }
  }

  async function update(id: string, patch: UpdateTaskRequest) {
    const previous = state.tasks.find((task) => task.id === id);
    if (!previous) return;
    dispatch({ type: 'updateStarted', previous, patch });
    try {
      dispatch({ type: 'updateSaved', id, task: await browserApi.updateTask(id, patch), patch });
    } catch (caught) {
      dispatch({ type: 'updateFailed', previous, reason: describeApiError(caught) });
    }
  }

  async function remove(id: string) {
    const index = state.tasks.findIndex((task) => task.id === id);
    const task = state.tasks[index];
    if (!task) return;
    dispatch({ type: 'deleteStarted', id });
    try {
      await browserApi.deleteTask(id);
      dispatch({ type: 'deleteSaved', task });
    } catch (caught) {
      dispatch({ type: 'deleteFailed', task, index, reason: describeApiError(caught) });
    }
  }

  async function loadMore() {
    const cursor = state.nextCursor;
    if (!cursor) return;
    dispatch({ type: 'pageLoading' });
    try {
      const page = await browserApi.listTasks({ ...query, limit: BOARD_PAGE_SIZE, cursor });
      dispatch({ type: 'pageLoaded', tasks: page.items, nextCursor: page.nextCursor });
    } catch (caught) {
      dispatch({ type: 'pageFailed', reason: describeApiError(caught) });
    }
  }

  return { state, create, update, remove, loadMore, dismissError: () => dispatch({ type: 'errorDismissed' }) };
}
