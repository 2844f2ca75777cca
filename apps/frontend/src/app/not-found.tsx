import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="centered">
      <div className="card stack">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link href="/tasks">Go to your tasks</Link>
      </div>
    </main>
  );
}
