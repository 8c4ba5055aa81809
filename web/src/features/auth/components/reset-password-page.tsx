import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../../../../api/src/people/people.types';
import { TextField } from '../../../components/form';
import { useConfirmPasswordReset } from '../api/confirm-password-reset';

/** The page a reset link opens: the token rides after `#`, so it never reaches a server log. */
export function ResetPasswordPage() {
  const location = useLocation();
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const [newPassword, setNewPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ token, newPassword });
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-label="Choose a new password">
        <h1>Choose a new password</h1>
        {!token ? (
          <p className="field-error" role="alert">
            This link has no reset token. Open the link from the email (or from your admin) again.
          </p>
        ) : confirm.isSuccess ? (
          <p role="status">
            Your password is changed and every session was signed out. <Link to="/sign-in">Sign in</Link>
          </p>
        ) : (
          <>
            {confirm.isError ? (
              <p className="field-error" role="alert">
                {confirm.error.message}
              </p>
            ) : null}
            <TextField
              label="New password"
              name="new-password"
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD_LENGTH}
              required
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
              autoFocus
            />
            <button type="submit" className="button button-primary" disabled={confirm.isPending || newPassword.length < MIN_PASSWORD_LENGTH}>
              {confirm.isPending ? 'Saving…' : 'Set new password'}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
