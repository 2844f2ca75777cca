'use client';

import { useEffect } from 'react';

/** Shown when the backend failed while rendering a page; `reset` re-renders it. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="panel stack" role="alert">
      <h1>Something went wrong</h1>
      <p>Your tasks could not be loaded. The service may be briefly unavailable.</p>
      {error.digest ? <p className="hint">Reference: {error.digest}</p> : null}
      <div>
        <button type="button" className="button button-primary" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
