'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sessionApi } from '../../lib/api/browser';

/** Ends the session (the server drops the cookie) and returns to the log-in page. */
export function LogoutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function logout() {
    setBusy(true);
    try {
      await sessionApi.end();
    } finally {
      // Even if the call failed, leave: the cookie is httpOnly and a stale one is cleared on the next 401.
      router.replace('/login');
      router.refresh();
    }
  }

  return (
    <button type="button" className="button button-quiet" onClick={logout} disabled={busy}>
      {busy ? 'Logging out…' : 'Log out'}
    </button>
  );
}
