import { useSession } from '../../auth/api/get-session';
import { type FormEvent, useState } from 'react';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { useLookupSettings } from '../api/lookup-settings';
import { useCreateMailbox, useUpdateMailbox } from '../api/save-mailbox';
import { useTestConnection } from '../api/test-connection';
import { ConnectionResult } from './connection-result';

interface ServerForm {
  host: string;
  port: string;
  tls: boolean;
  user: string;
  password: string;
}

const blankServer = (port: number, tls: boolean): ServerForm => ({ host: '', port: String(port), tls, user: '', password: '' });

/** Connect a mailbox, or edit one (passwords stay unchanged unless typed again). */
/** The sender's name as the API builds it (api/src/mail/from-name.ts), for the preview. */
function fromNamePreview(style: 'person' | 'mailbox' | 'both', person: string, mailbox: string): string {
  const name = style === 'person' ? person : style === 'mailbox' ? mailbox : `${person} at ${mailbox}`;
  return name.trim() || mailbox;
}

export function MailboxForm({ mailbox, onDone }: { mailbox?: MailboxDto; onDone: () => void }) {
  const me = useSession().data?.person.name;
  const create = useCreateMailbox();
  const update = useUpdateMailbox();
  const test = useTestConnection();
  const lookup = useLookupSettings();
  const save = mailbox ? update : create;
  const [form, setForm] = useState({
    name: mailbox?.name ?? 'Support',
    address: mailbox?.address ?? '',
    folders: mailbox?.folders.join(', ') ?? 'INBOX',
    allowSelfSigned: mailbox?.allowSelfSigned ?? false,
    afterReply: mailbox?.afterReply ?? ('pending' as 'pending' | 'open' | 'closed'),
    fromName: mailbox?.fromName ?? ('both' as 'person' | 'mailbox' | 'both'),
    imap: mailbox ? { ...mailbox.imap, port: String(mailbox.imap.port), password: '' } : blankServer(993, true),
    smtp: mailbox ? { ...mailbox.smtp, port: String(mailbox.smtp.port), password: '' } : blankServer(465, true),
  });
  const setServer = (kind: 'imap' | 'smtp', field: keyof ServerForm, value: string | boolean) => setForm((current) => ({ ...current, [kind]: { ...current[kind], [field]: value } }));
  const folders = form.folders.split(',').map((folder) => folder.trim()).filter(Boolean);
  const server = (kind: 'imap' | 'smtp') => ({ ...form[kind], port: Number(form[kind].port) });

  // A new mailbox: fill in the provider's well-known servers once the address is typed (every field stays editable).
  const lookUp = () => {
    if (mailbox || !form.address.includes('@') || form.imap.host || form.smtp.host) return;
    lookup.mutate(form.address, {
      onSuccess: ({ settings }) => {
        if (!settings) return;
        // Whatever the admin typed meanwhile wins.
        setForm((current) => (current.imap.host || current.smtp.host ? current : {
          ...current,
          imap: { ...current.imap, host: settings.imap.host, port: String(settings.imap.port), tls: settings.imap.tls, user: current.imap.user || settings.user },
          smtp: { ...current.smtp, host: settings.smtp.host, port: String(settings.smtp.port), tls: settings.smtp.tls, user: current.smtp.user || settings.user },
        }));
      },
    });
  };
  const found = lookup.data?.settings;

  const testNow = () => {
    if (mailbox && !form.imap.password && !form.smtp.password) test.mutate({ id: mailbox.id });
    else test.mutate({ imap: server('imap'), smtp: server('smtp'), folders, allowSelfSigned: form.allowSelfSigned });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mailbox) {
      const withoutEmptyPassword = (kind: 'imap' | 'smtp') => {
        const { password, ...rest } = server(kind);
        return password ? { ...rest, password } : rest;
      };
      update.mutate(
        { id: mailbox.id, name: form.name, address: form.address, folders, allowSelfSigned: form.allowSelfSigned, afterReply: form.afterReply, fromName: form.fromName, imap: withoutEmptyPassword('imap'), smtp: withoutEmptyPassword('smtp') },
        { onSuccess: onDone },
      );
    } else {
      create.mutate({ name: form.name, address: form.address, folders, allowSelfSigned: form.allowSelfSigned, afterReply: form.afterReply, fromName: form.fromName, imap: server('imap'), smtp: server('smtp') }, { onSuccess: onDone });
    }
  };

  const serverFields = (kind: 'imap' | 'smtp', title: string) => (
    <fieldset className="server-fields">
      <legend>{title}</legend>
      <div className="form-grid">
        <TextField label={`${title} host`} name={`${kind}-host`} required value={form[kind].host} onChange={(event) => setServer(kind, 'host', event.target.value)} errors={fieldErrors(save.error, `${kind}.host`)} />
        <TextField label={`${title} port`} name={`${kind}-port`} inputMode="numeric" required value={form[kind].port} onChange={(event) => setServer(kind, 'port', event.target.value)} errors={fieldErrors(save.error, `${kind}.port`)} />
        <TextField label={`${title} user`} name={`${kind}-user`} autoComplete="off" required value={form[kind].user} onChange={(event) => setServer(kind, 'user', event.target.value)} errors={fieldErrors(save.error, `${kind}.user`)} />
        {/* An OAuth mailbox signs in with its tokens: Reconnect replaces them, there is no password to type. */}
        {mailbox?.oauthProvider ? null : (
          <TextField
            label={`${title} password`}
            name={`${kind}-password`}
            type="password"
            autoComplete="new-password"
            {...(mailbox ? { hint: 'Leave empty to keep the saved password.' } : {})}
            value={form[kind].password}
            onChange={(event) => setServer(kind, 'password', event.target.value)}
            errors={fieldErrors(save.error, `${kind}.password`)}
          />
        )}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form[kind].tls} onChange={(event) => setServer(kind, 'tls', event.target.checked)} /> {title}: TLS from the start (ports {kind === 'imap' ? '993' : '465'}); off
        uses STARTTLS when the server offers it
      </label>
    </fieldset>
  );

  return (
    <form className="panel" onSubmit={submit} aria-label={mailbox ? `Edit ${mailbox.name}` : 'Connect a mailbox'} noValidate>
      <h2>{mailbox ? `Edit ${mailbox.name}` : 'Connect a mailbox'}</h2>
      <p className="muted">Wholegrain reads new mail over IMAP (every message, read or unread, nothing is marked or moved) and answers over SMTP.</p>
      <FormError error={save.error} />
      <div className="form-grid">
        <TextField label="Name" name="name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} errors={fieldErrors(save.error, 'name')} />
        <TextField label="Address customers write to" name="address" type="email" required value={form.address} onChange={(event) => setForm({ ...form, address: event.target.value })} onBlur={lookUp} errors={fieldErrors(save.error, 'address')} />
        <TextField label="Folders" name="folders" hint="Comma-separated IMAP folders to read." value={form.folders} onChange={(event) => setForm({ ...form, folders: event.target.value })} errors={fieldErrors(save.error, 'folders')} />
      </div>
      {found ? (
        <p className={found.oauthProvider ? 'banner banner-error' : 'small muted'} role="status">
          {found.oauthProvider
            ? `This address is at ${found.oauthProvider === 'google' ? 'Google' : 'Microsoft'}, which refuses passwords or requires app passwords: cancel and choose ${found.oauthProvider === 'google' ? 'Google' : 'Microsoft'} to sign in with OAuth.`
            : `Servers filled in from ${found.source === 'built-in' ? 'the settings Wholegrain knows for this provider' : "the domain's published autoconfig"}; change any field if yours differ.`}
        </p>
      ) : null}
      {serverFields('imap', 'IMAP')}
      {serverFields('smtp', 'SMTP')}
      <label className="field">
        <span>After a reply</span>
        <select value={form.afterReply} onChange={(event) => setForm({ ...form, afterReply: event.target.value as 'pending' | 'open' | 'closed' })}>
          <option value="pending">Pending: answered, waiting for the customer</option>
          <option value="open">Stay open</option>
          <option value="closed">Closed</option>
        </select>
        <span className="muted small">Where a conversation goes after a reply; people can choose otherwise when sending.</span>
      </label>
      <label className="field">
        <span>Replies are from</span>
        <select value={form.fromName} onChange={(event) => setForm({ ...form, fromName: event.target.value as 'person' | 'mailbox' | 'both' })}>
          <option value="both">The person and the mailbox</option>
          <option value="person">The person</option>
          <option value="mailbox">The mailbox</option>
        </select>
        <span className="muted small" data-testid="from-name-preview">
          Customers see: {fromNamePreview(form.fromName, me ?? 'Ana', form.name)} &lt;{form.address || 'support@example.com'}&gt;
        </span>
      </label>
      <label className="checkbox warning">
        <input type="checkbox" checked={form.allowSelfSigned} onChange={(event) => setForm({ ...form, allowSelfSigned: event.target.checked })} /> Accept a self-signed TLS certificate for
        this mailbox (less safe: anyone between Wholegrain and the server could read the mail; this choice is recorded in the audit log)
      </label>
      {test.data || test.error ? <ConnectionResult result={test.data} error={test.error} /> : null}
      <div className="actions">
        <button type="button" className="button" onClick={testNow} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : mailbox ? 'Save changes' : 'Connect mailbox'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
