import { passwordLimits } from '@todo/contracts';
import type { ReactNode } from 'react';

interface PasswordFieldProps {
  id: string;
  label: string;
  /** `current-password` for one the person proves, `new-password` for one they choose (then the length rule applies). */
  kind: 'current-password' | 'new-password';
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
}

/** A labelled password input with the contract's length rules, as the account forms ask for them. */
export function PasswordField({ id, label, kind, value, onChange, hint }: PasswordFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={kind === 'new-password' ? 'newPassword' : 'currentPassword'}
        type="password"
        autoComplete={kind}
        required
        minLength={kind === 'new-password' ? passwordLimits.minLength : undefined}
        maxLength={passwordLimits.maxLength}
        aria-describedby={hintId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
