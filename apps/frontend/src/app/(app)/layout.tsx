import type { ReactNode } from 'react';
import { LogoutButton } from '../../components/auth/logout-button';
import { withSession } from '../../lib/api/server';

/** The signed-in area: confirms the session with the backend and shows who is signed in. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await withSession((api) => api.me());
  return (
    <>
      <header className="topbar">
        <p className="brand">✓ Todo</p>
        <div className="topbar-user">
          <span className="topbar-email" title={user.email}>
            {user.email}
          </span>
          <LogoutButton />
        </div>
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
