import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { FormError, TextField, fieldErrors } from '../../../components/form';
import { Spinner } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { prefetchInbox } from '../../inbox/api/conversations';
import { cancelSecondStep, useSecondStep, useSecondStepWithCode, useSecondStepWithPasskey } from '../api/second-step';

/** After the password: a code from the authenticator app, a passkey, or a recovery code. */
export function SecondStepPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/inbox';
  const step = useSecondStep();
  const withCode = useSecondStepWithCode();
  const withPasskey = useSecondStepWithPasskey();
  const queryClient = useQueryClient();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');

  if (step.isPending) return <Spinner />;
  if (step.isError) {
    return (
      <main className="auth-page">
        <div className="auth-card">
          <h1>Sign in again</h1>
          <p role="alert">{step.error instanceof ApiError && step.error.status === 401 ? step.error.message : 'Something went wrong. Please sign in again.'}</p>
          <Link className="button button-primary" to="/sign-in">
            Back to sign in
          </Link>
        </div>
      </main>
    );
  }

  const methods = step.data.methods;
  const hasApp = methods.includes('totp');
  const hasPasskey = methods.includes('passkey');
  const hasRecovery = methods.includes('recovery');
  const codeMode = useRecovery || !hasApp ? 'recovery' : 'totp';
  const done = () => {
    // The inbox's conversations are asked for before the app is drawn, not after.
    navigate(prefetchInbox(queryClient, from), { replace: true, flushSync: true });
  };
  const expired = (error: unknown) => error instanceof ApiError && error.status === 401;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    withCode.mutate({ method: codeMode, code }, { onSuccess: done, onError: () => setCode('') });
  };

  return (
    <main className="auth-page">
      <div className="auth-card second-step">
        <h1>Two-factor sign-in</h1>
        {hasPasskey ? (
          <>
            <p className="muted">Use the passkey on this device or your security key.</p>
            <button type="button" className="button button-primary" disabled={withPasskey.isPending} onClick={() => withPasskey.mutate(undefined, { onSuccess: done })} autoFocus={!hasApp}>
              {withPasskey.isPending ? 'Waiting for your passkey…' : 'Use a passkey'}
            </button>
            {withPasskey.isError ? (
              <p className="field-error" role="alert">
                {withPasskey.error instanceof ApiError ? withPasskey.error.message : 'The passkey was not used. Try again, or use a code.'}
              </p>
            ) : null}
            {hasApp || hasRecovery ? <p className="muted small or-line">or</p> : null}
          </>
        ) : null}
        {hasApp || hasRecovery ? (
          <form onSubmit={submit} className="second-step-form">
            <FormError error={expired(withCode.error) ? withCode.error : null} />
            <TextField
              key={codeMode}
              label={codeMode === 'totp' ? 'Code from your authenticator app' : 'Recovery code'}
              name="code"
              autoComplete="one-time-code"
              inputMode={codeMode === 'totp' ? 'numeric' : 'text'}
              {...(codeMode === 'totp' ? { pattern: '[0-9 ]{6,7}', maxLength: 7, placeholder: '123 456' } : { placeholder: 'xxxxx-xxxxx', maxLength: 20 })}
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
              errors={expired(withCode.error) ? undefined : fieldErrors(withCode.error, 'code')}
              autoFocus={hasApp || !hasPasskey}
            />
            <button type="submit" className="button button-primary" disabled={withCode.isPending || code.trim() === ''}>
              {withCode.isPending ? 'Checking…' : 'Continue'}
            </button>
          </form>
        ) : null}
        <p className="muted small second-step-links">
          {hasApp && hasRecovery ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setUseRecovery(!useRecovery);
                setCode('');
                withCode.reset();
              }}
            >
              {useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
            </button>
          ) : null}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void cancelSecondStep().finally(() => navigate('/sign-in', { replace: true }));
            }}
          >
            Cancel
          </button>
        </p>
        <p className="muted small">Lost your phone and your recovery codes? An admin can reset your second factor under People.</p>
      </div>
    </main>
  );
}
