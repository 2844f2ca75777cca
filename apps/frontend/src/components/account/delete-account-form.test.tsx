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
  it('when the typed email does not match, then the button stays disabled and nothing is sent', async () => {
    render(<DeleteAccountForm email="alice@example.com" />);

    await userEvent.type(screen.getByLabelText('Type your email to confirm'), 'bob@example.com');

    expect(deleteButton()).toBeDisabled();
    expect(api.deleteAccount).not.toHaveBeenCalled();
  });

  it('when the email is typed (any case), then the account is deleted, the session cookie dropped and the log-in page says so', async () => {
    api.deleteAccount.mockResolvedValue(undefined);
    session.end.mockResolvedValue(undefined);
    render(<DeleteAccountForm email="alice@example.com" />);

    await userEvent.type(screen.getByLabelText('Type your email to confirm'), 'Alice@Example.com');
    await userEvent.click(deleteButton());

    await waitFor(() => expect(replace).toHaveBeenCalledWith('/login?deleted=1'));
    expect(api.deleteAccount).toHaveBeenCalledTimes(1);
    expect(session.end).toHaveBeenCalledTimes(1);
  });

  it('when the log-out route fails after the deletion, then the person still leaves for the log-in page', async () => {
    api.deleteAccount.mockResolvedValue(undefined);
    session.end.mockRejectedValue(new ApiError(503, 'service_unavailable', 'unreachable'));
    render(<DeleteAccountForm email="alice@example.com" />);

    await userEvent.type(screen.getByLabelText('Type your email to confirm'), 'alice@example.com');
    await userEvent.click(deleteButton());

    await waitFor(() => expect(replace).toHaveBeenCalledWith('/login?deleted=1'));
  });

  it('when the backend fails, then the error shows, the person stays and can retry', async () => {
    api.deleteAccount.mockRejectedValue(new ApiError(503, 'service_unavailable', 'The service is unavailable'));
    render(<DeleteAccountForm email="alice@example.com" />);

    await userEvent.type(screen.getByLabelText('Type your email to confirm'), 'alice@example.com');
    await userEvent.click(deleteButton());

    expect(await screen.findByRole('alert')).toHaveTextContent('The service is unavailable');
    expect(session.end).not.toHaveBeenCalled();
    expect(replace).not.toHaveBeenCalled();
    expect(deleteButton()).toBeEnabled();
  });
});
