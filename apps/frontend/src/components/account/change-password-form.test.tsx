import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { ChangePasswordForm } from './change-password-form';

jest.mock('../../lib/api/browser', () => ({ browserApi: { changePassword: jest.fn() } }));
const api = jest.mocked(browserApi);

beforeEach(() => jest.clearAllMocks());

async function fillAndSubmit(current: string, next: string) {
  await userEvent.type(screen.getByLabelText('Current password'), current);
  await userEvent.type(screen.getByLabelText('New password'), next);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordForm', () => {
  it('when the backend accepts, then both passwords were sent, the fields are cleared and the person is told other sessions ended', async () => {
    api.changePassword.mockResolvedValue(undefined);
    render(<ChangePasswordForm />);

    await fillAndSubmit('old password', 'new password 1');

    expect(api.changePassword).toHaveBeenCalledWith({ currentPassword: 'old password', newPassword: 'new password 1' });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Password changed. Every other session of your account has been logged out.',
    );
    expect(screen.getByLabelText('Current password')).toHaveValue('');
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });

  it('when the current password is wrong, then the backend message shows as an error and the fields keep their values', async () => {
    api.changePassword.mockRejectedValue(new ApiError(403, 'forbidden', 'The current password is not correct'));
    render(<ChangePasswordForm />);

    await fillAndSubmit('wrong password', 'new password 1');

    expect(await screen.findByRole('alert')).toHaveTextContent('The current password is not correct');
    expect(screen.getByLabelText('Current password')).toHaveValue('wrong password');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change password' })).toBeEnabled());
  });

  it('when the new password breaks a rule, then the validation detail names the field', async () => {
    api.changePassword.mockRejectedValue(
      new ApiError(422, 'validation_failed', 'Invalid request', [{ path: 'newPassword', message: 'must be at least 8 characters' }]),
    );
    render(<ChangePasswordForm />);

    await fillAndSubmit('old password', 'short');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid request (newPassword: must be at least 8 characters)');
  });
});
