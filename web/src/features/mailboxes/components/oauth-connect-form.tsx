import { type FormEvent, useState } from 'react';
import type { OAuthProviderName } from '../../../../../api/src/mailboxes/oauth.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { Spinner } from '../../../components/status';
import { useOAuthClients, useStartOAuth } from '../api/oauth';
import { PROVIDER_LABELS } from './provider-labels';

/** A new mailbox through the provider's sign-in: a name here, the account at the provider. */
export function OAuthConnectForm({ provider, onCancel }: { provider: OAuthProviderName; onCancel: () => void }) {
  const clients = useOAuthClients();
  const start = useStartOAuth();
  const [form, setForm] = useState({ name: 'Support', address: '', imapHost: '', imapPort: '993', imapTls: true, smtpHost: '', smtpPort: '465', smtpTls: true, folders: 'INBOX' });
  const client = clients.data?.find((entry) => entry.provider === provider);
  const label = PROVIDER_LABELS[provider];
  const custom = provider === 'oauth_custom';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({
      provider,
      name: form.name,
      folders: form.folders.split(',').map((folder) => folder.trim()).filter(Boolean),
      ...(form.address ? { address: form.address } : {}),
      ...(custom
        ? { imap: { host: form.imapHost, port: Number(form.imapPort), tls: form.imapTls }, smtp: { host: form.smtpHost, port: Number(form.smtpPort), tls: form.smtpTls } }
        : {}),
    });
  };

  if (clients.isPending) return <Spinner label="Loading app registrations…" />;
  const ready = Boolean(client?.source) && Boolean(client?.redirectUrl);
  return (
    <form className="panel" onSubmit={submit} aria-label={`Connect with ${label}`} noValidate>
      <h2>Connect with {label}</h2>
      {!ready ? (
        <p className="banner banner-error" role="alert">
          {client?.redirectUrl ? `Enter the ${label} app registration under “OAuth app registrations” below first.` : 'Set PUBLIC_URL first: the provider sends the browser back to that address.'}
        </p>
      ) : (
        <p className="muted">You sign in at {custom ? 'your OAuth server' : label} as the support address and allow Wholegrain to read and send its mail; you come back here afterwards.</p>
      )}
      <FormError error={start.error} />
      <div className="form-grid">
        <TextField label="Name" name="name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        <TextField
          label={custom ? 'Address (if the server does not tell it)' : 'Address (optional, suggests the account)'}
          name="address"
          type="email"
          value={form.address}
          onChange={(event) => setForm({ ...form, address: event.target.value })}
          errors={fieldErrors(start.error, 'address')}
        />
        <TextField label="Folders" name="folders" hint="Comma-separated IMAP folders to read." value={form.folders} onChange={(event) => setForm({ ...form, folders: event.target.value })} />
      </div>
      {custom ? (
        <fieldset className="server-fields">
          <legend>Servers</legend>
          <div className="form-grid">
            <TextField label="IMAP host" name="imap-host" required value={form.imapHost} onChange={(event) => setForm({ ...form, imapHost: event.target.value })} errors={fieldErrors(start.error, 'imap')} />
            <TextField label="IMAP port" name="imap-port" inputMode="numeric" value={form.imapPort} onChange={(event) => setForm({ ...form, imapPort: event.target.value })} />
            <TextField label="SMTP host" name="smtp-host" required value={form.smtpHost} onChange={(event) => setForm({ ...form, smtpHost: event.target.value })} errors={fieldErrors(start.error, 'smtp')} />
            <TextField label="SMTP port" name="smtp-port" inputMode="numeric" value={form.smtpPort} onChange={(event) => setForm({ ...form, smtpPort: event.target.value })} />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={form.imapTls} onChange={(event) => setForm({ ...form, imapTls: event.target.checked })} /> IMAP: TLS from the start
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={form.smtpTls} onChange={(event) => setForm({ ...form, smtpTls: event.target.checked })} /> SMTP: TLS from the start (off: STARTTLS)
          </label>
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!ready || start.isPending}>
          {start.isPending ? 'Opening…' : `Sign in with ${label}`}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
