import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { FormError } from '../../../components/form';
import { timeAgo } from '../../../lib/format';
import { useDisconnectOAuth, useStartOAuth } from '../api/oauth';
import { useSyncNow } from '../api/sync-now';
import { useTestConnection } from '../api/test-connection';
import { ConnectionResult } from './connection-result';
import { PROVIDER_LABELS } from './provider-labels';

const STAGE_LABELS: Record<MailboxDto['sync']['stage'], string> = {
  idle: 'Up to date',
  running: 'Syncing',
  needs_reauth: 'Needs a new password',
  failed: 'Sync failed, retrying',
};

export function MailboxCard({ mailbox, isAdmin, onEdit }: { mailbox: MailboxDto; isAdmin: boolean; onEdit: () => void }) {
  const sync = useSyncNow();
  const test = useTestConnection();
  const { progress } = mailbox.sync;
  const reconnect = useStartOAuth();
  const disconnect = useDisconnectOAuth();
  const provider = mailbox.oauthProvider;
  const neverSynced = mailbox.sync.stage === 'idle' && !mailbox.sync.lastSuccessAt;
  // A mailbox that has never finished a sync is not "up to date": its first import is still to come.
  const stageLabel = mailbox.sync.stage === 'needs_reauth' && provider ? 'Needs to be reconnected' : neverSynced ? 'Waiting for the first sync' : STAGE_LABELS[mailbox.sync.stage];

  return (
    <article className="panel mailbox-card" aria-label={mailbox.name}>
      <header className="mailbox-card-header">
        <div>
          <h3>{mailbox.name}</h3>
          <p className="muted">{mailbox.address}</p>
        </div>
        <span className={`badge badge-${mailbox.sync.stage}`} data-testid="sync-stage">
          {stageLabel}
        </span>
      </header>
      {progress ? (
        <div className="progress" aria-label="Import progress">
          <progress max={Math.max(progress.total, 1)} value={progress.processed} />
          <p className="small">
            {progress.folder}: fetched {progress.fetched.toLocaleString()} and processed {progress.processed.toLocaleString()} of {progress.total.toLocaleString()} messages
          </p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>Last success</dt>
        <dd data-testid="last-success">{timeAgo(mailbox.sync.lastSuccessAt)}</dd>
        <dt>Signs in with</dt>
        <dd>{provider ? PROVIDER_LABELS[provider] : 'Password'}</dd>
        <dt>Folders</dt>
        <dd>{mailbox.folders.join(', ')}</dd>
        <dt>IMAP</dt>
        <dd>
          {mailbox.imap.user} @ {mailbox.imap.host}:{mailbox.imap.port}
          {mailbox.allowSelfSigned ? ' (self-signed certificate accepted)' : ''}
        </dd>
        <dt>SMTP</dt>
        <dd>
          {mailbox.smtp.user} @ {mailbox.smtp.host}:{mailbox.smtp.port}
        </dd>
        {mailbox.quarantined > 0 ? (
          <>
            <dt>Quarantined</dt>
            <dd>
              <a href="#quarantine">{mailbox.quarantined} message(s) could not be processed</a>
            </dd>
          </>
        ) : null}
      </dl>
      {mailbox.sync.lastError ? (
        <p className="banner banner-error" role="alert">
          Last error: {mailbox.sync.lastError}
        </p>
      ) : null}
      {sync.data ? (
        <p className="small" role="status">
          Synced: {sync.data.fetched} fetched, {sync.data.processed} new, {sync.data.duplicates} duplicates, {sync.data.quarantined} quarantined.
        </p>
      ) : null}
      <FormError error={sync.error} />
      <FormError error={reconnect.error ?? disconnect.error} />
      {test.data || test.error ? <ConnectionResult result={test.data} error={test.error} /> : null}
      <div className="actions">
        <button type="button" className="button" onClick={() => sync.mutate(mailbox.id)} disabled={sync.isPending || mailbox.sync.stage === 'running'}>
          {sync.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        {isAdmin && provider ? (
          <button
            type="button"
            className={mailbox.sync.stage === 'needs_reauth' ? 'button button-primary' : 'button'}
            onClick={() => reconnect.mutate({ provider, mailboxId: mailbox.id })}
            disabled={reconnect.isPending}
          >
            {reconnect.isPending ? 'Opening…' : 'Reconnect'}
          </button>
        ) : null}
        {isAdmin ? (
          <>
            <button type="button" className="button" onClick={() => test.mutate({ id: mailbox.id })} disabled={test.isPending}>
              {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" className="button" onClick={onEdit}>
              Edit
            </button>
            {provider ? (
              <button type="button" className="button button-quiet" onClick={() => disconnect.mutate(mailbox.id)} disabled={disconnect.isPending || mailbox.sync.stage === 'needs_reauth'}>
                Disconnect
              </button>
            ) : null}
          </>
        ) : null}
      </div>
    </article>
  );
}
