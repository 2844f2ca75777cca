import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { browserApi, sessionApi } from '../../lib/api/browser';
import { DeleteAccountForm } from './delete-account-form';

const replace = jest.fn();
const refresh = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ replace, refresh }) }));
jest.mock('../../lib/api/browser', () => ({ browserApi: { deleteAccount: jest.fn() }, sessionApi: { end: jest.fn() } }));
const api = jest.mocked(browserApi);
const session = jest.mocked(sessionApi);

beforeEach(() => jest.clearAllMocks());

const deleteButton = () => screen.getByRole('button', { name: 'Delete my account' });

describe('DeleteAccountForm', () => {
  it('when no password is typed, then the button stays disabled and nothing is sent', async () => {
    render(<DeleteAccountForm />);

    expect(deleteButton()).toBeDisabled();
    await userEvent.click(deleteButton());
    expect(api.deleteAccount).not.toHaveBeenCalled();
  });

  it('when the password is typed, then the account is deleted with it, the session cookie dropped and the log-in page says so', async () => {
    api.deleteAccount.mockResolvedValue(undefined);
    session.end.mockResolvedValue(undefined);
    render(<DeleteAccountForm />);

    await userEvent.type(screen.getByLabelText('Your password, to confirm'), 'the password');
    await userEvent.click(deleteButton());

    await waitFor(() => expect(replace).toHaveBeenCalledWith('/login?deleted=1'));
    expect(api.deleteAccount).toHaveBeenCalledWith({ currentPassword: 'the password' });
    expect(session.end).toHaveBeenCalledTimes(1);
  });

  it('when the log-out route fails after the deletion, then the person still leaves for the log-in page', async () => {
    api.deleteAccount.mockResolvedValue(undefined);
    session.end.mockRejectedValue(new ApiError(503, 'service_unavailable', 'unreachable'));
    render(<DeleteAccountForm />);

    await userEvent.type(screen.getByLabelText('Your password, to confirm'), 'the password');
    await userEvent.click(deleteButton());

    await waitFor(() => expect(replace).toHaveBeenCalledWith('/login?deleted=1'));
  });

  it('when the password is wrong, then the backend message shows, nothing else happens and the person can retry', async () => {
    api.deleteAccount.mockRejectedValue(new ApiError(403, 'forbidden', 'The current password is not correct'));
    render(<DeleteAccountForm />);

    await userEvent.type(screen.getByLabelText('Your password, to confirm'), 'the password');
    await userEvent.click(deleteButton());

    expect(await screen.findByRole('alert')).toHaveTextContent('The current password is not correct');
    expect(session.end).not.toHaveBeenCalled();
    expect(replace).not.toHaveBeenCalled();
    expect(deleteButton()).toBeEnabled();
  });
});
