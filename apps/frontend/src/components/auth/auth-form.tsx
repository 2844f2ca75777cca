'use client';

import { useRouter } from 'next/navigation';
import { passwordLimits } from '@todo/contracts';
import { useState, type FormEvent } from 'react';
import { describeApiError } from '../../lib/api/api-error';
import { sessionApi, type SessionMode } from '../../lib/api/browser';
import { Alert } from '../ui/alert';

const COPY: Record<SessionMode, { submit: string; busy: string; passwordHint?: string }> = {
  login: { submit: 'Log in', busy: 'Logging in…' },
  signup: { submit: 'Create account', busy: 'Creating account…', passwordHint: `At least ${passwordLimits.minLength} characters.` },
};

/** Log-in and sign-up form: on success the session cookie is set and the board opens. */
export function AuthForm({ mode }: { mode: SessionMode }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const copy = COPY[mode];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await sessionApi.start(mode, { email, password });
      router.replace('/tasks');
      router.refresh();
    } catch (caught) {
      setError(describeApiError(caught));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={busy} noValidate>
      {error ? <Alert onDismiss={() => setError(null)}>{error}</Alert> : null}
      <div className="field">
        <label htmlFor={`${mode}-email`}>Email</label>
        <input
          id={`${mode}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${mode}-password`}>Password</label>
        <input
          id={`${mode}-password`}
          name="password"
          type="password"
          autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
          required
          minLength={mode === 'signup' ? passwordLimits.minLength : undefined}
          maxLength={passwordLimits.maxLength}
          aria-describedby={copy.passwordHint ? `${mode}-password-hint` : undefined}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {copy.passwordHint ? (
          <p id={`${mode}-password-hint`} className="hint">
            {copy.passwordHint}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? copy.busy : copy.submit}
      </button>
    </form>
  );
}
