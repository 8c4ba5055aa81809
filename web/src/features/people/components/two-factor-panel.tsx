import { type FormEvent, useState } from 'react';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import type { TotpEnrolmentDto } from '../../../../../api/src/people/second-factor.types';
import { fieldErrors } from '../../../components/form';
import { ApiError } from '../../../lib/api-client';
import { timeAgo } from '../../../lib/format';
import {
  useAddPasskey,
  useConfirmTotp,
  useRegenerateRecoveryCodes,
  useRemovePasskey,
  useRemoveTotp,
  useSecondFactor,
  useSetSignInPolicy,
  useSignInPolicy,
  useStartTotp,
} from '../api/second-factor';

/** Settings → Two-factor sign-in: authenticator app, passkeys, recovery codes; and, for admins, "require for everyone". */
export function TwoFactorPanel({ isAdmin }: { isAdmin: boolean }) {
  const overview = useSecondFactor();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const regenerate = useRegenerateRecoveryCodes();
  const removeTotp = useRemoveTotp();
  const removePasskey = useRemovePasskey();
  /** Which change waits for the password (asked again before a second factor is weakened). */
  const [asking, setAsking] = useState<{ kind: 'totp' } | { kind: 'passkey'; id: string; name: string } | { kind: 'codes' } | null>(null);
  const ask = (next: typeof asking) => {
    removeTotp.reset();
    removePasskey.reset();
    regenerate.reset();
    setAsking(next);
  };

  return (
    <section className="panel two-factor" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor sign-in</h2>
      <p className="muted small">After your password, Wholegrain asks for a code from an authenticator app or a passkey, so a leaked password alone cannot open your account.</p>
      {overview.isPending ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : overview.isError ? (
        <p className="field-error" role="alert">
          Could not load your second factors: {overview.error.message}
        </p>
      ) : (
        <>
          {overview.data.required && !overview.data.totp && overview.data.passkeys.length === 0 ? (
            <div className="banner" role="status">
              Your team requires two-factor sign-in. Set up an authenticator app or a passkey to continue.
            </div>
          ) : null}
          {recoveryCodes ? <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} /> : null}

          <h3>Authenticator app</h3>
          {overview.data.totp ? (
            <div className="factor-row">
              <span>
                <strong>On.</strong> <span className="muted small">Codes from your app (Google Authenticator, 1Password, Authy, Aegis…).</span>
              </span>
              <button type="button" className="button button-small button-quiet" disabled={asking?.kind === 'totp'} onClick={() => ask({ kind: 'totp' })}>
                Remove
              </button>
            </div>
          ) : (
            <TotpSetup onConfirmed={setRecoveryCodes} />
          )}
          {asking?.kind === 'totp' && overview.data.totp ? (
            <PasswordPrompt
              purpose="Remove your authenticator app? You will no longer be asked for its codes."
              action="Remove the app"
              busy={removeTotp.isPending}
              error={removeTotp.error}
              onCancel={() => ask(null)}
              onSubmit={(password) => removeTotp.mutate(password, { onSuccess: () => setAsking(null) })}
            />
          ) : null}

          <h3>Passkeys</h3>
          {overview.data.passkeys.length === 0 ? <p className="muted small">No passkeys yet. A passkey signs you in with your fingerprint, face, screen lock or security key.</p> : null}
          <ul className="session-list">
            {overview.data.passkeys.map((passkey) => (
              <li key={passkey.id}>
                <strong>{passkey.name}</strong>
                <span className="muted small">
                  {' '}
                  · added {timeAgo(passkey.createdAt)}
                  {passkey.lastUsedAt ? ` · last used ${timeAgo(passkey.lastUsedAt)}` : ''}
                </span>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  disabled={asking?.kind === 'passkey' && asking.id === passkey.id}
                  onClick={() => ask({ kind: 'passkey', id: passkey.id, name: passkey.name })}
                  aria-label={`Remove passkey ${passkey.name}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          {asking?.kind === 'passkey' && overview.data.passkeys.some((passkey) => passkey.id === asking.id) ? (
            <PasswordPrompt
              purpose={`Remove the passkey “${asking.name}”?`}
              action="Remove the passkey"
              busy={removePasskey.isPending}
              error={removePasskey.error}
              onCancel={() => ask(null)}
              onSubmit={(password) => removePasskey.mutate({ id: asking.id, password }, { onSuccess: () => setAsking(null) })}
            />
          ) : null}
          <AddPasskey onAdded={setRecoveryCodes} />

          {overview.data.totp || overview.data.passkeys.length > 0 ? (
            <>
              <h3>Recovery codes</h3>
              <div className="factor-row">
                <span className="small">
                  {overview.data.recoveryCodesLeft} of 10 left. Each works once, if you lose your phone or passkey.
                </span>
                <button type="button" className="button button-small" disabled={asking?.kind === 'codes'} onClick={() => ask({ kind: 'codes' })}>
                  New recovery codes
                </button>
              </div>
              {asking?.kind === 'codes' ? (
                <PasswordPrompt
                  purpose="Make ten new recovery codes? The ones you have stop working."
                  action={regenerate.isPending ? 'Making codes…' : 'Make new codes'}
                  busy={regenerate.isPending}
                  error={regenerate.error}
                  onCancel={() => ask(null)}
                  onSubmit={(password) =>
                    regenerate.mutate(password, {
                      onSuccess: (result) => {
                        setAsking(null);
                        setRecoveryCodes(result.recoveryCodes);
                      },
                    })
                  }
                />
              ) : null}
            </>
          ) : null}
        </>
      )}
      {isAdmin ? <RequireForEveryone /> : null}
    </section>
  );
}

/**
 * Your password again before a second factor is removed or the recovery codes replaced, so a session
 * left open on someone else's screen cannot weaken the account. Escape cancels.
 */
function PasswordPrompt({ purpose, action, busy, error, onSubmit, onCancel }: { purpose: string; action: string; busy: boolean; error: Error | null; onSubmit: (password: string) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== '') onSubmit(password);
  };
  const problem = error?.message ?? null;
  return (
    <form className="password-prompt banner" onSubmit={submit} aria-label="Confirm with your password" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <p>
        {purpose} <span className="muted small">Enter your password to confirm.</span>
      </p>
      <div className="password-prompt-row">
        <label htmlFor="reauth-password" className="visually-hidden">
          Your password
        </label>
        <input
          id="reauth-password"
          type="password"
          autoComplete="current-password"
          placeholder="Your password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'reauth-password-error' : undefined}
          autoFocus
          required
        />
        <button type="submit" className="button button-small button-primary" disabled={busy || password === ''}>
          {action}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {problem ? (
        <p className="field-error" role="alert" id="reauth-password-error">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function TotpSetup({ onConfirmed }: { onConfirmed: (codes: string[] | null) => void }) {
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const [enrolment, setEnrolment] = useState<TotpEnrolmentDto | null>(null);
  const [code, setCode] = useState('');

  if (!enrolment) {
    return (
      <>
        <button type="button" className="button" disabled={start.isPending} onClick={() => start.mutate(undefined, { onSuccess: setEnrolment })}>
          {start.isPending ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
        {start.isError ? (
          <p className="field-error" role="alert">
            {start.error.message}
          </p>
        ) : null}
      </>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code, {
      onSuccess: (result) => {
        setEnrolment(null);
        setCode('');
        onConfirmed(result.recoveryCodes);
      },
    });
  };
  return (
    <form className="totp-setup" onSubmit={submit} aria-label="Set up an authenticator app">
      <img className="totp-qr" src={enrolment.qrDataUrl} alt="QR code for your authenticator app" width={176} height={176} />
      <div className="totp-steps">
        <p className="small">1. Scan this QR code with your authenticator app.</p>
        <p className="small">
          Cannot scan? Type this key:{' '}
          <code className="totp-key" data-testid="totp-key">
            {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
          </code>
        </p>
        <label htmlFor="totp-confirm-code" className="small">
          2. Type the 6-digit code the app shows
        </label>
        <input
          id="totp-confirm-code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          required
          value={code}
          onChange={(event) => setCode(event.target.value)}
          aria-invalid={confirm.isError ? true : undefined}
          autoFocus
        />
        {confirm.isError ? (
          <p className="field-error" role="alert">
            {fieldErrors(confirm.error, 'code')?.[0] ?? confirm.error.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={confirm.isPending || code.trim() === ''}>
            {confirm.isPending ? 'Checking…' : 'Turn on'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setEnrolment(null)}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

function AddPasskey({ onAdded }: { onAdded: (codes: string[] | null) => void }) {
  const add = useAddPasskey();
  const [name, setName] = useState('');
  if (!browserSupportsWebAuthn()) return <p className="muted small">This browser cannot make passkeys.</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(name.trim(), {
      onSuccess: (result) => {
        setName('');
        onAdded(result.recoveryCodes);
      },
    });
  };
  const message = add.error instanceof ApiError ? add.error.message : add.error ? 'The passkey was not made (cancelled or not allowed). Try again.' : null;
  return (
    <form className="add-passkey" onSubmit={submit} aria-label="Add a passkey">
      <label htmlFor="passkey-name" className="visually-hidden">
        Passkey name
      </label>
      <input id="passkey-name" placeholder="Name, e.g. “Work laptop”" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} required />
      <button type="submit" className="button" disabled={add.isPending || name.trim() === ''}>
        {add.isPending ? 'Waiting for your passkey…' : 'Add a passkey'}
      </button>
      {message ? (
        <p className="field-error" role="alert">
          {message}
        </p>
      ) : null}
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `Wholegrain recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  return (
    <div className="recovery-codes banner" role="status">
      <p>
        <strong>Save these recovery codes now.</strong> They are shown only once. Each signs you in once if you lose your phone or passkey.
      </p>
      <ul className="recovery-code-list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button button-small" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy
        </button>
        <a className="button button-small" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="wholegrain-recovery-codes.txt">
          Download
        </a>
        <button type="button" className="button button-small button-primary" onClick={onDone}>
          I saved them
        </button>
      </div>
    </div>
  );
}

function RequireForEveryone() {
  const policy = useSignInPolicy();
  const set = useSetSignInPolicy();
  if (!policy.data) return null;
  return (
    <div className="require-two-factor">
      <h3>For everyone (admins)</h3>
      <label className="checkbox-row">
        <input type="checkbox" checked={policy.data.requireSecondFactor} disabled={set.isPending} onChange={(event) => set.mutate(event.target.checked)} />
        Require two-factor sign-in for everyone
      </label>
      <p className="muted small">People without a second factor are asked to set one up right after their password. Reset someone’s second factor on the People page.</p>
      {set.isError ? (
        <p className="field-error" role="alert">
          {set.error.message}
        </p>
      ) : null}
    </div>
  );
}
