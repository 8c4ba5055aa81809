import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { FormError, TextField } from '../../../components/form';
import { prefetchInbox } from '../../inbox/api/conversations';
import { isSecondStep, useSignIn } from '../api/sign-in';

export function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const signIn = useSignIn();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: string } | null)?.from ?? '/inbox';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email, password },
      {
        onSuccess: (result) => {
          if (isSecondStep(result)) {
            navigate('/sign-in/second-step', { state: { from } });
            return;
          }
          // The inbox's conversations are asked for before the app is drawn, not after.
          if (!result.mustEnrolSecondFactor) prefetchInbox(queryClient, from);
          navigate(from, { replace: true });
        },
      },
    );
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit}>
        <h1>Sign in to Wholegrain</h1>
        <FormError error={signIn.error} />
        <TextField label="Email" name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <button type="submit" className="button button-primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
    </main>
  );
}
