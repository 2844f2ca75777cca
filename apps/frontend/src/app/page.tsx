import { redirect } from 'next/navigation';

/** The board is home; the (app) layout sends people without a session to /login. */
export default function Home(): never {
  redirect('/tasks');
}
