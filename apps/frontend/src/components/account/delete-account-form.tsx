'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { describeApiError } from '../../lib/api/api-error';
import { browserApi, sessionApi } from '../../lib/api/browser';
import { Alert } from '../ui/alert';
import { PasswordField } from './password-field';

/**
 * Deletes the account and everything it owns (tasks, conversations, sessions: `DELETE /auth/me`).
 * Irreversible, so the backend asks for the current password (a wrong one is a 403, shown here).
 * The session cookie is then dropped by the log-out route (the backend already refuses its token)
 * and the log-in page says what happened.
 */
export function DeleteAccountForm() {
  const router = useRouter();
  const [currentPassword, setCurrentPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (currentPassword === '') return;
    setBusy(true);
    setError(null);
    try {
      await browserApi.deleteAccount({ currentPassword });
    } catch (caught) {
      setError(describeApiError(caught));
      setBusy(false);
      return;
    }
    // The account is gone whatever happens next; a failure here only leaves a dead cookie, which
    // the next page load clears (the backend answers 401 and the person lands on the log-in page).
    await sessionApi.end().catch(() => undefined);
    router.replace('/login?deleted=1');
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={busy} aria-labelledby="delete-account-heading" noValidate>
      <h2 id="delete-account-heading">Delete account</h2>
      <p>This deletes your account, all your tasks and your conversations with the assistant. It cannot be undone.</p>
      {error ? <Alert onDismiss={() => setError(null)}>{error}</Alert> : null}
      <PasswordField
        id="delete-current-password"
        label="Your password, to confirm"
        kind="current-password"
        value={currentPassword}
        onChange={setCurrentPassword}
      />
      <button type="submit" className="button button-danger" disabled={busy || currentPassword === ''}>
        {busy ? 'Deleting account…' : 'Delete my account'}
      </button>
    </form>
  );
}
