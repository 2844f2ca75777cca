'use client';

/** Last-resort boundary for errors outside the signed-in area (e.g. the backend is down at sign-in). */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="centered">
      <div className="card stack" role="alert">
        <h1>Something went wrong</h1>
        <p>The service may be briefly unavailable. Please try again.</p>
        {error.digest ? <p className="hint">Reference: {error.digest}</p> : null}
        <div>
          <button type="button" className="button button-primary" onClick={reset}>
            Try again
          </button>
        </div>
      </div>
    </main>
  );
}
