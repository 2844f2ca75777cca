import type { Metadata } from 'next';
import Link from 'next/link';
import { ChangePasswordForm } from '../../../components/account/change-password-form';
import { DeleteAccountForm } from '../../../components/account/delete-account-form';
import { currentUser } from '../../../lib/api/server';

export const metadata: Metadata = { title: 'Account' };

/** The signed-in person's account: change the password, or delete the account and its data. */
export default async function AccountPage() {
  const user = await currentUser();
  return (
    <div className="account">
      <div className="panel-header">
        <h1>Account</h1>
        <Link href="/tasks">Back to tasks</Link>
      </div>
      <p className="hint">Signed in as {user.email}</p>
      <section className="panel">
        <ChangePasswordForm />
      </section>
      <section className="panel">
        <DeleteAccountForm />
      </section>
    </div>
  );
}
