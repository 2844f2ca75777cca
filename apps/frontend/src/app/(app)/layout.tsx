import Link from 'next/link';
import type { ReactNode } from 'react';
import { LogoutButton } from '../../components/auth/logout-button';
import { currentUser } from '../../lib/api/server';

/** The signed-in area: confirms the session with the backend and shows who is signed in. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <>
      <header className="topbar">
        <p className="brand">
          <Link href="/tasks">✓ Todo</Link>
        </p>
        <nav className="topbar-user" aria-label="Account">
          <span className="topbar-email" title={user.email}>
            {user.email}
          </span>
          <Link href="/account" className="button button-quiet">
            Account
          </Link>
          <LogoutButton />
        </nav>
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
