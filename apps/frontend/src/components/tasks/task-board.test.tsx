import type { Task } from '@todo/contracts';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { TaskBoard } from './task-board';
import { task } from '../testing/fixtures';

const replace = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ replace, refresh: jest.fn() }) }));
jest.mock('../../lib/api/browser', () => ({
  browserApi: { createTask: jest.fn(), updateTask: jest.fn(), deleteTask: jest.fn(), listTasks: jest.fn() },
}));
const api = jest.mocked(browserApi);

/** Resolves or rejects when the test says so, to observe the optimistic state in between. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const query = { status: 'all', sort: 'created', order: 'desc' } as const;

function renderBoard(tasks: Task[]) {
  return render(<TaskBoard initialTasks={tasks} initialNextCursor={null} query={query} />);
}

beforeEach(() => jest.clearAllMocks());

describe('TaskBoard', () => {
  it('when there are no tasks, then the empty state invites adding one', () => {
    renderBoard([]);
    expect(screen.getByText('No tasks yet. Add your first one above, or ask the assistant.')).toBeInTheDocument();
  });

  it('when a task is added, then it shows at once and stays once the server confirms it', async () => {
    const saved = deferred<Task>();
    api.createTask.mockReturnValue(saved.promise);
    renderBoard([]);

    await userEvent.type(screen.getByLabelText('New task'), 'Water plants');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Priority' }), 'high');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));

    const list = screen.getByRole('list', { name: 'Tasks' });
    expect(within(list).getByText('Water plants')).toBeInTheDocument();
    expect(within(list).getByText('Saving…')).toBeInTheDocument();
    expect(api.createTask).toHaveBeenCalledWith({ title: 'Water plants', priority: 'high' });

    saved.resolve(task({ id: 'a1b2c3d4-0000-4000-8000-000000000009', title: 'Water plants', priority: 'high' }));
    await waitFor(() => expect(within(list).queryByText('Saving…')).not.toBeInTheDocument());
    expect(within(list).getByText('Water plants')).toBeInTheDocument();
    expect(screen.getByLabelText('New task')).toHaveValue('');
    expect(screen.getByRole('combobox', { name: 'Priority' })).toHaveValue('medium');
  });

  it('when the server refuses a new task, then it disappears and the error says why', async () => {
    api.createTask.mockRejectedValue(new ApiError(503, 'service_unavailable', 'The database is unreachable.'));
    renderBoard([]);

    await userEvent.type(screen.getByLabelText('New task'), 'Water plants{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not add “Water plants”: The database is unreachable.');
    expect(screen.queryByRole('list', { name: 'Tasks' })).not.toBeInTheDocument();
  });

  it('when a task is completed and the server fails, then the checkbox rolls back', async () => {
    const saved = deferred<Task>();
    api.updateTask.mockReturnValue(saved.promise);
    renderBoard([task()]);
    const checkbox = screen.getByRole('checkbox', { name: 'Mark “Buy milk” as done' });

    await userEvent.click(checkbox);
    expect(checkbox).toBeChecked();
    expect(api.updateTask).toHaveBeenCalledWith(task().id, { completed: true });

    saved.reject(new ApiError(500, 'internal', 'Internal error'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not save “Buy milk”: Internal error');
    expect(screen.getByRole('checkbox', { name: 'Mark “Buy milk” as done' })).not.toBeChecked();
  });

  it('when a task is completed, then the server copy replaces the optimistic one', async () => {
    api.updateTask.mockResolvedValue(task({ completed: true }));
    renderBoard([task()]);

    await userEvent.click(screen.getByRole('checkbox', { name: 'Mark “Buy milk” as done' }));

    expect(await screen.findByRole('checkbox', { name: 'Mark “Buy milk” as not done' })).toBeChecked();
  });

  it('when a delete fails, then the task comes back in its place', async () => {
    api.deleteTask.mockRejectedValue(new ApiError(404, 'not_found', 'Task not found'));
    renderBoard([task(), task({ id: 'a1b2c3d4-0000-4000-8000-000000000002', title: 'Pay rent' })]);

    await userEvent.click(screen.getByRole('button', { name: 'Delete “Buy milk”' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not delete “Buy milk”: Task not found');
    const titles = within(screen.getByRole('list', { name: 'Tasks' }))
      .getAllByRole('checkbox')
      .map((box) => box.getAttribute('aria-label'));
    expect(titles).toEqual(['Mark “Buy milk” as done', 'Mark “Pay rent” as done']);
  });

  it('when a task is edited, then only the changed fields are sent, and Escape cancels', async () => {
    api.updateTask.mockResolvedValue(task({ title: 'Buy oat milk', priority: 'low' }));
    renderBoard([task()]);

    await userEvent.click(screen.getByRole('button', { name: 'Edit “Buy milk”' }));
    const title = screen.getByLabelText('Title');
    await userEvent.clear(title);
    await userEvent.type(title, 'Buy oat milk');
    await userEvent.selectOptions(
      screen.getByLabelText('Priority', { selector: '#edit-a1b2c3d4-0000-4000-8000-000000000001-priority' }),
      'low',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(api.updateTask).toHaveBeenCalledWith(task().id, { title: 'Buy oat milk', priority: 'low' });
    expect(await screen.findByText('Buy oat milk')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Edit “Buy oat milk”' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(api.updateTask).toHaveBeenCalledTimes(1);
  });

  it('when Load more is pressed, then the next page is appended without repeating a task already shown, and the button goes at the end', async () => {
    const rent = task({ id: 'a1b2c3d4-0000-4000-8000-000000000002', title: 'Pay rent' });
    api.listTasks.mockResolvedValue({ items: [task(), rent], nextCursor: null });
    render(<TaskBoard initialTasks={[task()]} initialNextCursor="cursor-1" query={query} />);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(api.listTasks).toHaveBeenCalledWith({ ...query, limit: 50, cursor: 'cursor-1' });
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Tasks' })).getAllByRole('checkbox')).toHaveLength(2));
    expect(screen.getByText('Pay rent')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('when the next page cannot be loaded, then the error says so and Load more stays', async () => {
    api.listTasks.mockRejectedValue(new ApiError(500, 'internal', 'Internal error'));
    render(<TaskBoard initialTasks={[task()]} initialNextCursor="cursor-1" query={query} />);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load more tasks: Internal error');
    expect(screen.getByRole('button', { name: 'Load more' })).toBeEnabled();
  });

  it('when new tasks arrive from the server, then the board shows them', () => {
    const { rerender } = renderBoard([task()]);
    rerender(
      <TaskBoard
        initialTasks={[task(), task({ id: 'a1b2c3d4-0000-4000-8000-000000000003', title: 'Call mum' })]}
        initialNextCursor={null}
        query={query}
      />,
    );
    expect(screen.getByText('Call mum')).toBeInTheDocument();
  });
});
