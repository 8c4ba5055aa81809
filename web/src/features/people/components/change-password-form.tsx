import { useState } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../../../api/src/people/people.types';
import { TextField } from '../../../components/form';
import { ApiError } from '../../../lib/api-client';
import { useChangePassword } from '../api/change-password';

/** Change your own password; every other session ends. Styled like every other form (labelled fields, hints, errors beside them). */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  // The API's message is shown once below the fields; the field it is about is marked.
  const details = change.error instanceof ApiError ? change.error.details : {};
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
      <div className="form-grid">
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          required
          aria-invalid={details.currentPassword ? true : undefined}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          required
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          aria-invalid={details.newPassword ? true : undefined}
        />
      </div>
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
