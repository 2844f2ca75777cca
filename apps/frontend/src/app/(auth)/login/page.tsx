import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthForm } from '../../../components/auth/auth-form';
import { Alert } from '../../../components/ui/alert';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: PageProps<'/login'>) {
  const { expired, deleted } = await searchParams;
  return (
    <div className="stack">
      <h1>Log in</h1>
      {deleted ? <Alert tone="info">Your account and all its data have been deleted.</Alert> : null}
      {expired && !deleted ? <Alert tone="info">Your session has ended. Please log in again.</Alert> : null}
      <AuthForm mode="login" />
      <p>
        New here? <Link href="/signup">Create an account</Link>
      </p>
    </div>
  );
}
