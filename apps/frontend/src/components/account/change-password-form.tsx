'use client';

import { passwordLimits } from '@todo/contracts';
import { useState, type FormEvent } from 'react';
import { describeApiError } from '../../lib/api/api-error';
import { browserApi } from '../../lib/api/browser';
import { Alert } from '../ui/alert';
import { PasswordField } from './password-field';

/**
 * Current and new password. The backend ends every other session of the person and keeps this
 * one, so the page stays signed in; a wrong current password is a 403 (never a 401, which would
 * make the proxy drop the cookie).
 */
export function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [outcome, setOutcome] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      await browserApi.changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setOutcome({ tone: 'info', text: 'Password changed. Every other session of your account has been logged out.' });
    } catch (caught) {
      setOutcome({ tone: 'error', text: describeApiError(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={busy} aria-labelledby="change-password-heading" noValidate>
      <h2 id="change-password-heading">Change password</h2>
      {outcome ? (
        <Alert tone={outcome.tone} onDismiss={() => setOutcome(null)}>
          {outcome.text}
        </Alert>
      ) : null}
      <PasswordField
        id="current-password"
        label="Current password"
        kind="current-password"
        value={currentPassword}
        onChange={setCurrentPassword}
      />
      <PasswordField
        id="new-password"
        label="New password"
        kind="new-password"
        value={newPassword}
        onChange={setNewPassword}
        hint={`At least ${passwordLimits.minLength} characters. Other devices signed in to your account will need it to log in again.`}
      />
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Changing password…' : 'Change password'}
      </button>
    </form>
  );
}
