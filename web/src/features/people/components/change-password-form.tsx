import { useState } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../../../api/src/people/people.types';
import { useChangePassword } from '../api/change-password';

/** Change your own password; every other session ends. */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  return (
    <form
      className="panel"
      aria-label="Change your password"
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate(
          { currentPassword, newPassword },
          {
            onSuccess: () => {
              setCurrentPassword('');
              setNewPassword('');
            },
          },
        );
      }}
    >
      <h2>Password</h2>
      <p className="muted small">Changing it signs you out everywhere else.</p>
      <label htmlFor="current-password">Current password</label>
      <input id="current-password" type="password" autoComplete="current-password" value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} required />
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        type="password"
        autoComplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        value={newPassword}
        onChange={(event) => setNewPassword(event.target.value)}
        required
      />
      {change.isError ? (
        <p className="field-error" role="alert">
          {change.error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={change.isPending || !currentPassword || newPassword.length < MIN_PASSWORD_LENGTH}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        {change.isSuccess ? (
          <span className="muted small" role="status">
            Password changed{change.data.signedOut ? `; signed out of ${change.data.signedOut} other session${change.data.signedOut === 1 ? '' : 's'}` : ''}.
          </span>
        ) : null}
      </div>
    </form>
  );
}
