import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskFilters } from './task-filters';

const replace = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ replace }) }));

beforeEach(() => replace.mockClear());

describe('TaskFilters', () => {
  it('when a status is chosen, then the board URL carries it at once', async () => {
    render(<TaskFilters query={{ status: 'all', sort: 'created', order: 'desc' }} />);
    await userEvent.selectOptions(screen.getByLabelText('Filter by status'), 'completed');
    expect(replace).toHaveBeenCalledWith('/tasks?status=completed', { scroll: false });
  });

  it('when a search is submitted with Enter, then the URL carries the trimmed text and keeps other filters', async () => {
    render(<TaskFilters query={{ status: 'active', priority: 'high', sort: 'due', order: 'asc' }} />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search tasks' }), '  milk {Enter}');
    expect(replace).toHaveBeenCalledWith('/tasks?status=active&priority=high&q=milk&sort=due&order=asc', { scroll: false });
  });

  it('when "Any" priority is chosen, then the priority filter is dropped', async () => {
    render(<TaskFilters query={{ status: 'all', priority: 'low', sort: 'created', order: 'desc' }} />);
    await userEvent.selectOptions(screen.getByLabelText('Filter by priority'), '');
    expect(replace).toHaveBeenCalledWith('/tasks', { scroll: false });
  });
});
