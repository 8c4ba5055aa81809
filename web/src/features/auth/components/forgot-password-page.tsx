import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { FormError, TextField } from '../../../components/form';
import { useRequestPasswordReset } from '../api/request-password-reset';

/** Asks for a reset link by email; the answer is the same whether the address is known or not. */
export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(email);
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-label="Reset your password">
        <h1>Reset your password</h1>
        <FormError error={request.error} />
        {request.isSuccess ? (
          <p role="status">{request.data.message}</p>
        ) : (
          <>
            <TextField label="Email" name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
            <button type="submit" className="button button-primary" disabled={request.isPending}>
              {request.isPending ? 'Sending…' : 'Email me a reset link'}
            </button>
          </>
        )}
        <p className="muted small">
          No email from us? Your team may not have set up outgoing mail: an admin can make you a reset link under People. <Link to="/sign-in">Back to sign in</Link>
        </p>
      </form>
    </main>
  );
}
