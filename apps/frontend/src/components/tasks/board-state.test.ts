/** @jest-environment node */
import { boardReducer, initialBoardState, optimisticTask, type BoardAction, type BoardState } from './board-state';
import { task } from '../testing/fixtures';

const milk = task();
const rent = task({ id: 'a1b2c3d4-0000-4000-8000-000000000002', title: 'Pay rent' });
const plants = task({ id: 'a1b2c3d4-0000-4000-8000-000000000003', title: 'Water plants' });
const board = initialBoardState([milk, rent], 'cursor-1');

function reduce(state: BoardState, ...actions: BoardAction[]): BoardState {
  return actions.reduce(boardReducer, state);
}

const titles = (state: BoardState) => state.tasks.map((shown) => shown.title);

describe('boardReducer, adding a task', () => {
  const optimistic = optimisticTask({ title: 'Water plants' }, 'optimistic-1', '2026-11-26T09:00:00.000Z');
  const adding = reduce({ ...board, error: 'Earlier failure' }, { type: 'createStarted', task: optimistic });

  it('when a task is added, then it shows first at once, saving, and the error goes', () => {
    expect(titles(adding)).toEqual(['Water plants', 'Buy milk', 'Pay rent']);
    expect([...adding.pendingIds]).toEqual(['optimistic-1']);
    expect(adding.error).toBeNull();
  });

  it('when the server saves it, then the stored task takes its place and it is announced', () => {
    const state = reduce(adding, { type: 'createSaved', optimisticId: 'optimistic-1', task: plants });

    expect(state.tasks).toEqual([plants, milk, rent]);
    expect(state.pendingIds.size).toBe(0);
    expect(state.announcement).toBe('Added “Water plants”.');
  });

  it('when the server refuses it, then it goes and the error says why', () => {
    const state = reduce(adding, {
      type: 'createFailed',
      optimisticId: 'optimistic-1',
      title: 'Water plants',
      reason: 'The database is unreachable.',
    });

    expect(state.tasks).toEqual([milk, rent]);
    expect(state.pendingIds.size).toBe(0);
    expect(state.error).toBe('Could not add “Water plants”: The database is unreachable.');
  });

  it('when two are added and the second is saved first, then each keeps its place', () => {
    const second = optimisticTask({ title: 'Call mum' }, 'optimistic-2', '2026-11-26T09:00:01.000Z');
    const mum = task({ id: 'a1b2c3d4-0000-4000-8000-000000000004', title: 'Call mum' });
    const state = reduce(adding, { type: 'createStarted', task: second }, { type: 'createSaved', optimisticId: 'optimistic-2', task: mum });

    expect(state.tasks).toEqual([mum, optimistic, milk, rent]);
    expect([...state.pendingIds]).toEqual(['optimistic-1']);
  });
});

describe('optimisticTask', () => {
  it('when only a title is given, then the task has the defaults the server gives', () => {
    expect(optimisticTask({ title: 'Water plants' }, 'optimistic-1', '2026-11-26T09:00:00.000Z')).toEqual({
      id: 'optimistic-1',
      title: 'Water plants',
      description: null,
      completed: false,
      priority: 'medium',
      dueDate: null,
      createdAt: '2026-11-26T09:00:00.000Z',
      updatedAt: '2026-11-26T09:00:00.000Z',
    });
  });

  it('when every field is given, then the task shows them', () => {
    const shown = optimisticTask(
      { title: 'Water plants', description: 'Balcony', priority: 'high', dueDate: '2026-12-01' },
      'optimistic-1',
      '2026-11-26T09:00:00.000Z',
    );

    expect([shown.description, shown.priority, shown.dueDate]).toEqual(['Balcony', 'high', '2026-12-01']);
  });
});

describe('boardReducer, changing a task', () => {
  const completing = reduce({ ...board, error: 'Earlier failure' }, { type: 'updateStarted', previous: milk, patch: { completed: true } });

  it('when a task is completed, then it shows done at once, saving, and the error goes', () => {
    expect(completing.tasks).toEqual([{ ...milk, completed: true }, rent]);
    expect([...completing.pendingIds]).toEqual([milk.id]);
    expect(completing.error).toBeNull();
  });

  it('when the server saves the completion, then its copy replaces the optimistic one and it is announced as done', () => {
    const saved = { ...milk, completed: true, updatedAt: '2026-11-26T09:00:00.000Z' };
    const state = reduce(completing, { type: 'updateSaved', id: milk.id, task: saved, patch: { completed: true } });

    expect(state.tasks).toEqual([saved, rent]);
    expect(state.pendingIds.size).toBe(0);
    expect(state.announcement).toBe('Marked “Buy milk” as done.');
  });

  it('when the server saves a reopening, then it is announced as not done', () => {
    const state = reduce(board, { type: 'updateSaved', id: milk.id, task: milk, patch: { completed: false } });

    expect(state.announcement).toBe('Marked “Buy milk” as not done.');
  });

  it('when the server saves an edit, then it is announced as saved under its new title', () => {
    const renamed = { ...milk, title: 'Buy oat milk' };
    const state = reduce(
      board,
      { type: 'updateStarted', previous: milk, patch: { title: 'Buy oat milk' } },
      { type: 'updateSaved', id: milk.id, task: renamed, patch: { title: 'Buy oat milk' } },
    );

    expect(state.tasks).toEqual([renamed, rent]);
    expect(state.announcement).toBe('Saved “Buy oat milk”.');
  });

  it('when the server refuses the change, then the task is put back as it was and the error says why', () => {
    const state = reduce(completing, { type: 'updateFailed', previous: milk, reason: 'Internal error' });

    expect(state.tasks).toEqual([milk, rent]);
    expect(state.pendingIds.size).toBe(0);
    expect(state.error).toBe('Could not save “Buy milk”: Internal error');
  });
});

describe('boardReducer, deleting a task', () => {
  const deleting = reduce({ ...board, error: 'Earlier failure' }, { type: 'deleteStarted', id: milk.id });

  it('when a task is deleted, then it goes at once and the error goes', () => {
    expect(deleting.tasks).toEqual([rent]);
    expect(deleting.error).toBeNull();
  });

  it('when the server confirms, then it is announced', () => {
    expect(reduce(deleting, { type: 'deleteSaved', task: milk }).announcement).toBe('Deleted “Buy milk”.');
  });

  it('when the server refuses, then the task comes back in its place and the error says why', () => {
    const state = reduce(deleting, { type: 'deleteFailed', task: milk, index: 0, reason: 'Task not found' });

    expect(state.tasks).toEqual([milk, rent]);
    expect(state.error).toBe('Could not delete “Buy milk”: Task not found');
  });
});

describe('boardReducer, the next page', () => {
  it('when more tasks are asked for, then the board is loading', () => {
    expect(reduce(board, { type: 'pageLoading' }).loadingMore).toBe(true);
  });

  it('when the page arrives, then its tasks not shown yet are appended and the cursor moves on', () => {
    const state = reduce(board, { type: 'pageLoading' }, { type: 'pageLoaded', tasks: [rent, plants], nextCursor: null });

    expect(state.tasks).toEqual([milk, rent, plants]);
    expect(state.nextCursor).toBeNull();
    expect(state.loadingMore).toBe(false);
  });

  it('when the page cannot be loaded, then the error says so and the cursor stays', () => {
    const state = reduce(board, { type: 'pageLoading' }, { type: 'pageFailed', reason: 'Internal error' });

    expect(state.error).toBe('Could not load more tasks: Internal error');
    expect(state.nextCursor).toBe('cursor-1');
    expect(state.loadingMore).toBe(false);
  });
});

describe('boardReducer, a new server render', () => {
  it('when the server renders the board again, then its tasks and cursor replace the list', () => {
    const rendered = [plants];
    const state = reduce(board, { type: 'deleteStarted', id: milk.id }, { type: 'serverRendered', tasks: rendered, nextCursor: null });

    expect(state.tasks).toBe(rendered);
    expect(state.source).toBe(rendered);
    expect(state.nextCursor).toBeNull();
  });

  it('when the error is dismissed, then it goes', () => {
    expect(reduce({ ...board, error: 'Earlier failure' }, { type: 'errorDismissed' }).error).toBeNull();
  });
});
