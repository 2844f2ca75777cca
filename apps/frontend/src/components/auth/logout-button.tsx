'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sessionApi } from '../../lib/api/browser';

/** Ends the session (the server drops the httpOnly cookie) and returns to the log-in page. */
export function LogoutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function logout() {
    setBusy(true);
    setFailed(false);
    try {
      await sessionApi.end();
    } catch {
      // Only the server can drop the cookie: staying signed in is the honest outcome.
      setFailed(true);
      setBusy(false);
      return;
    }
    router.replace('/login');
    router.refresh();
  }

  return (
    <>
      {failed ? (
        <span role="alert" className="hint">
          Could not log out. Try again.
        </span>
      ) : null}
      <button type="button" className="button button-quiet" onClick={() => void logout()} disabled={busy}>
        {busy ? 'Logging out…' : 'Log out'}
      </button>
    </>
  );
}
