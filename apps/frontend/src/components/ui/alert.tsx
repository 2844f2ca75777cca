import type { ReactNode } from 'react';

interface AlertProps {
  tone?: 'error' | 'info' | 'warning';
  children: ReactNode;
  onDismiss?: () => void;
}

/** A message the person must notice; errors are announced by screen readers at once. */
export function Alert({ tone = 'error', children, onDismiss }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="alert-body">{children}</div>
      {onDismiss ? (
        <button type="button" className="button-link" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      ) : null}
    </div>
  );
}
