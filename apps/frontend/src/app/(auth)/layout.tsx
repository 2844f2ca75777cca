import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { sessionToken } from '../../lib/api/server';

/** Log-in and sign-up: a signed-in person goes straight to the board. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  if (await sessionToken()) redirect('/tasks');
  return (
    <main id="main" className="centered">
      <div className="card">
        <p className="brand" aria-hidden="true">
          ✓ Todo
        </p>
        {children}
      </div>
    </main>
  );
}
