import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { FormError, TextField } from '../../../components/form';
import type { InboxPreloadDto } from '../../../../../api/src/conversations/conversations.types';
import { inboxPreloadFor, prefetchInbox } from '../../inbox/api/conversations';
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
      // The inbox's list comes back with the sign-in: the inbox is drawn with its conversations at once.
      { email, password, preload: inboxPreloadFor(from) },
      {
        onSuccess: (result) => {
          if (isSecondStep(result)) {
            navigate('/sign-in/second-step', { state: { from } });
            return;
          }
          // The inbox's conversations are in place (or asked for) before the app is drawn, not after;
          // the app is drawn at once (not as a transition that every arriving answer would start again).
          const to = result.mustEnrolSecondFactor ? from : prefetchInbox(queryClient, from, result.preloaded as Partial<InboxPreloadDto> | undefined);
          navigate(to, { replace: true, flushSync: true });
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
