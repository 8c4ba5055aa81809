import { type FormEvent, useState } from 'react';
import type { OAuthClientDto } from '../../../../../api/src/mailboxes/oauth.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { useOAuthClients, useSaveOAuthClient } from '../api/oauth';
import { PROVIDER_LABELS } from './provider-labels';

function Steps({ client }: { client: OAuthClientDto }) {
  const redirect = client.redirectUrl ? <code data-testid={`redirect-url-${client.provider}`}>{client.redirectUrl}</code> : <strong>(set PUBLIC_URL first)</strong>;
  if (client.provider === 'google') {
    return (
      <ol className="small">
        <li>In Google Cloud Console, create (or pick) a project; under “APIs &amp; Services → OAuth consent screen” choose Internal (Workspace) or External, and add the scope https://mail.google.com/.</li>
        <li>Under “Credentials”, create an OAuth client ID of type “Web application”.</li>
        <li>Add this authorized redirect URI, exactly: {redirect}</li>
        <li>Copy the client ID and client secret here.</li>
      </ol>
    );
  }
  if (client.provider === 'microsoft') {
    return (
      <ol className="small">
        <li>In the Microsoft Entra admin center, “App registrations → New registration”; supported account types: any organizational directory and personal Microsoft accounts (or only your organization).</li>
        <li>Redirect URI: platform “Web”, exactly: {redirect}</li>
        <li>“API permissions → Add a permission → APIs my organization uses → Office 365 Exchange Online” (or Microsoft Graph, delegated): IMAP.AccessAsUser.All, SMTP.Send, offline_access, openid, email; grant admin consent for your tenant.</li>
        <li>“Certificates &amp; secrets → New client secret”; copy the Application (client) ID and the secret’s value here.</li>
        <li>SMTP AUTH must be enabled for the mailbox (Microsoft 365 admin center → user → Mail → Email apps → Authenticated SMTP).</li>
      </ol>
    );
  }
  return (
    <ol className="small">
      <li>Register a confidential client at your authorization server with the authorization code grant, PKCE (S256) and refresh tokens.</li>
      <li>Redirect URI, exactly: {redirect}</li>
      <li>Enter its authorization, token and (optional) userinfo URLs and the scopes your mail server needs; the IMAP/SMTP servers are entered when connecting a mailbox.</li>
    </ol>
  );
}

function ClientForm({ client }: { client: OAuthClientDto }) {
  const save = useSaveOAuthClient();
  const [form, setForm] = useState({
    clientId: client.clientId ?? '',
    clientSecret: '',
    authorizationUrl: client.provider === 'oauth_custom' ? (client.authorizationUrl ?? '') : '',
    tokenUrl: client.provider === 'oauth_custom' ? (client.tokenUrl ?? '') : '',
    userinfoUrl: client.provider === 'oauth_custom' ? (client.userinfoUrl ?? '') : '',
    scopes: client.provider === 'oauth_custom' ? (client.scopes ?? '') : '',
  });
  const custom = client.provider === 'oauth_custom';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      provider: client.provider,
      clientId: form.clientId,
      ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
      ...(custom
        ? { authorizationUrl: form.authorizationUrl, tokenUrl: form.tokenUrl, ...(form.userinfoUrl ? { userinfoUrl: form.userinfoUrl } : {}), scopes: form.scopes }
        : {}),
    });
  };
  if (client.source === 'environment') return <p className="small muted">Set by environment variables (client id {client.clientId}).</p>;
  return (
    <form onSubmit={submit} aria-label={`${PROVIDER_LABELS[client.provider]} app registration`} noValidate>
      <FormError error={save.error} />
      <div className="form-grid">
        <TextField label="Client id" name={`${client.provider}-client-id`} required value={form.clientId} onChange={(event) => setForm({ ...form, clientId: event.target.value })} errors={fieldErrors(save.error, 'clientId')} />
        <TextField
          label="Client secret"
          name={`${client.provider}-client-secret`}
          type="password"
          autoComplete="new-password"
          {...(client.hasSecret ? { hint: 'Saved. Leave empty to keep it.' } : {})}
          value={form.clientSecret}
          onChange={(event) => setForm({ ...form, clientSecret: event.target.value })}
        />
        {custom ? (
          <>
            <TextField label="Authorization URL" name="authorization-url" value={form.authorizationUrl} onChange={(event) => setForm({ ...form, authorizationUrl: event.target.value })} errors={fieldErrors(save.error, 'authorizationUrl')} />
            <TextField label="Token URL" name="token-url" value={form.tokenUrl} onChange={(event) => setForm({ ...form, tokenUrl: event.target.value })} errors={fieldErrors(save.error, 'tokenUrl')} />
            <TextField label="Userinfo URL (optional)" name="userinfo-url" value={form.userinfoUrl} onChange={(event) => setForm({ ...form, userinfoUrl: event.target.value })} errors={fieldErrors(save.error, 'userinfoUrl')} />
            <TextField label="Scopes" name="scopes" hint="Space-separated." value={form.scopes} onChange={(event) => setForm({ ...form, scopes: event.target.value })} />
          </>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save app registration'}
        </button>
        {save.isSuccess ? (
          <span role="status" className="small">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** Admins: the OAuth app registrations, with the steps to make one and the exact redirect URL. */
export function OAuthApps() {
  const clients = useOAuthClients();
  return (
    <section className="panel" aria-label="OAuth app registrations">
      <h2>OAuth app registrations</h2>
      <p className="muted small">Google and Microsoft mailboxes sign in through an app you register once with the provider; its secret is encrypted at rest.</p>
      {clients.isPending ? (
        <Spinner label="Loading app registrations…" />
      ) : clients.isError ? (
        <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />
      ) : (
        clients.data.map((client) => (
          <details key={client.provider} className="oauth-app" open={client.source === null ? undefined : false}>
            <summary>
              {PROVIDER_LABELS[client.provider]}: {client.source ? 'configured' : 'not configured'}
            </summary>
            <Steps client={client} />
            <ClientForm client={client} />
          </details>
        ))
      )}
    </section>
  );
}
