import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { sessionApi } from '../../lib/api/browser';
import { LogoutButton } from './logout-button';

const replace = jest.fn();
const refresh = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ replace, refresh }) }));
jest.mock('../../lib/api/browser', () => ({ sessionApi: { start: jest.fn(), end: jest.fn() } }));
const session = jest.mocked(sessionApi);

beforeEach(() => jest.clearAllMocks());

describe('LogoutButton', () => {
  it('when clicked, then the session ends and the log-in page opens', async () => {
    session.end.mockResolvedValue(undefined);
    render(<LogoutButton />);

    await userEvent.click(screen.getByRole('button', { name: 'Log out' }));

    expect(session.end).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(replace).toHaveBeenCalledWith('/login'));
  });

  it('when the server cannot be reached, then the person stays and is told to retry', async () => {
    session.end.mockRejectedValue(new ApiError(503, 'service_unavailable', 'unreachable'));
    render(<LogoutButton />);

    await userEvent.click(screen.getByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not log out. Try again.');
    expect(screen.getByRole('button', { name: 'Log out' })).toBeEnabled();
    expect(replace).not.toHaveBeenCalled();
  });
});
