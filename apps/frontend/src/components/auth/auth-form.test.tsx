import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../lib/api/api-error';
import { sessionApi } from '../../lib/api/browser';
import { AuthForm } from './auth-form';

const replace = jest.fn();
const refresh = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ replace, refresh }) }));
jest.mock('../../lib/api/browser', () => ({ sessionApi: { start: jest.fn(), end: jest.fn() } }));
const session = jest.mocked(sessionApi);

beforeEach(() => jest.clearAllMocks());

describe('AuthForm', () => {
  it('when sign-up succeeds, then the board opens', async () => {
    session.start.mockResolvedValue({ user: { id: 'u', email: 'ada@example.com', createdAt: '2026-11-25T10:00:00.000Z' } });
    render(<AuthForm mode="signup" />);

    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(session.start).toHaveBeenCalledWith('signup', { email: 'ada@example.com', password: 'correct horse' });
    expect(replace).toHaveBeenCalledWith('/tasks');
  });

  it('when the credentials are wrong, then the error is shown and the form can be retried', async () => {
    session.start.mockRejectedValue(new ApiError(401, 'unauthorized', 'Invalid email or password'));
    render(<AuthForm mode="login" />);

    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(screen.getByRole('button', { name: 'Log in' })).toBeEnabled();
    expect(replace).not.toHaveBeenCalled();
  });
});
