import { useState } from 'react';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { useSession } from '../../auth/api/get-session';
import { FeedbackSettings } from '../../feedback/components/feedback-settings';
import { ChangePasswordForm } from '../../people/components/change-password-form';
import { SessionsPanel } from '../../people/components/sessions-panel';
import { SignatureForm } from '../../people/components/signature-form';
import { useMailboxes } from '../api/get-mailboxes';
import { MailboxCard } from './mailbox-card';
import { MailboxForm } from './mailbox-form';
import { QuarantineList } from './quarantine-list';

export function SettingsPage() {
  const session = useSession();
  const isAdmin = session.data?.person.access === 'admin';
  const mailboxes = useMailboxes();
  const [editing, setEditing] = useState<MailboxDto | 'new' | null>(null);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Mailboxes Wholegrain reads and answers from, and your reply signature. People are managed on the People page.</p>
        </div>
        {isAdmin && editing === null ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            Connect a mailbox
          </button>
        ) : null}
      </header>
      {editing !== null ? <MailboxForm key={editing === 'new' ? 'new' : editing.id} {...(editing === 'new' ? {} : { mailbox: editing })} onDone={() => setEditing(null)} /> : null}
      <h2>Mailboxes</h2>
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
      {isAdmin ? <FeedbackSettings /> : null}
      <SignatureForm />
      <ChangePasswordForm />
      <SessionsPanel />
    </section>
  );
}
