import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { OAUTH_ERROR_MESSAGES } from '../../../../../api/src/mailboxes/oauth.types';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { useSession } from '../../auth/api/get-session';
import { FeedbackSettings } from '../../feedback/components/feedback-settings';
import { ChangePasswordForm } from '../../people/components/change-password-form';
import { SessionsPanel } from '../../people/components/sessions-panel';
import { SignatureForm } from '../../people/components/signature-form';
import { TwoFactorPanel } from '../../people/components/two-factor-panel';
import { useMailboxes } from '../api/get-mailboxes';
import { MailboxCard } from './mailbox-card';
import { MailboxForm } from './mailbox-form';
import { NewTextRuns } from './new-text-runs';
import { OAuthApps } from './oauth-apps';
import { OAuthConnectForm } from './oauth-connect-form';
import { type MailboxProviderChoice, ProviderChoice } from './provider-choice';
import { QuarantineList } from './quarantine-list';
import { SystemMailStatus } from './system-mail-status';

export function SettingsPage() {
  const session = useSession();
  const isAdmin = session.data?.person.access === 'admin';
  const mailboxes = useMailboxes();
  const [editing, setEditing] = useState<MailboxDto | 'new' | null>(null);
  const [provider, setProvider] = useState<MailboxProviderChoice | null>(null);
  const [params, setParams] = useSearchParams();
  const oauthError = params.get('oauth_error');
  const connected = params.get('oauth') === 'connected';
  const closeNew = () => {
    setEditing(null);
    setProvider(null);
  };

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Mailboxes Wholegrain reads and answers from, and your reply signature. People are managed on the People page.</p>
          <p>
            <Link to="/saved-replies">Saved replies</Link><span className="muted">: the team’s and your own, inserted with # in the composer.</span>
          </p>
          <p>
            <span className="muted">Your name, time zone and undo-send time: </span>
            <Link to="/profile">Your profile</Link>
          </p>
        </div>
        {isAdmin && editing === null ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            Connect a mailbox
          </button>
        ) : null}
      </header>
      {connected || oauthError ? (
        <div className={`banner${oauthError ? ' banner-error' : ''}`} role={oauthError ? 'alert' : 'status'}>
          {oauthError ? (OAUTH_ERROR_MESSAGES[oauthError] ?? 'The sign-in did not complete. Try again.') : 'Mailbox connected. Its mail is being read now.'}{' '}
          <button type="button" className="button button-small button-quiet" onClick={() => setParams({}, { replace: true })}>
            Dismiss
          </button>
        </div>
      ) : null}
      {editing === 'new' && provider === null ? <ProviderChoice onChoose={setProvider} onCancel={closeNew} /> : null}
      {editing === 'new' && provider !== null && provider !== 'other' ? <OAuthConnectForm provider={provider} onCancel={closeNew} /> : null}
      {editing !== null && (editing !== 'new' || provider === 'other') ? (
        <MailboxForm key={editing === 'new' ? 'new' : editing.id} {...(editing === 'new' ? {} : { mailbox: editing })} onDone={closeNew} />
      ) : null}
      <h2>Mailboxes</h2>
      <SystemMailStatus />
      {mailboxes.isPending ? (
        <Spinner label="Loading mailboxes…" />
      ) : mailboxes.isError ? (
        <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />
      ) : mailboxes.data.length === 0 ? (
        <EmptyState title="No mailbox connected yet">
          <p>{isAdmin ? 'Connect your support address to start receiving customer mail.' : 'An admin connects the support address here.'}</p>
        </EmptyState>
      ) : (
        <div className="mailbox-list">
          {mailboxes.data.map((mailbox) => (
            <MailboxCard key={mailbox.id} mailbox={mailbox} isAdmin={isAdmin} onEdit={() => setEditing(mailbox)} />
          ))}
        </div>
      )}
      {isAdmin ? <QuarantineList /> : null}
      {isAdmin ? <OAuthApps /> : null}
      {isAdmin ? <FeedbackSettings /> : null}
      {isAdmin ? <NewTextRuns /> : null}
      <SignatureForm />
      <ChangePasswordForm />
      <TwoFactorPanel isAdmin={isAdmin} />
      <SessionsPanel />
    </section>
  );
}
