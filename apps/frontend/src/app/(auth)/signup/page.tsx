import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthForm } from '../../../components/auth/auth-form';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignupPage() {
  return (
    <div className="stack">
      <h1>Create your account</h1>
      <AuthForm mode="signup" />
      <p>
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </div>
  );
}
