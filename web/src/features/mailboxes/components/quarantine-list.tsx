import { FormError } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { formatBytes, timeAgo } from '../../../lib/format';
import { useQuarantine, useQuarantineAction } from '../api/quarantine';

/** Mail that could not be processed: kept byte for byte, never dropped, with the reason. */
export function QuarantineList() {
  const quarantine = useQuarantine(true);
  const action = useQuarantineAction();
  return (
    <section id="quarantine" aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">Quarantine</h2>
      <p className="muted">Messages Wholegrain could not process. Each is kept byte for byte; download it, retry it, or file it in a new conversation.</p>
      <FormError error={action.error} />
      {quarantine.isPending ? (
        <Spinner label="Loading quarantined mail…" />
      ) : quarantine.isError ? (
        <ErrorState error={quarantine.error} onRetry={() => void quarantine.refetch()} />
      ) : quarantine.data.length === 0 ? (
        <p className="empty">Nothing in quarantine: every message was processed.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Subject</th>
              <th scope="col">Reason</th>
              <th scope="col">Size</th>
              <th scope="col">Fetched</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {quarantine.data.map((message) => (
              <tr key={message.id}>
                <td>{message.from ?? '—'}</td>
                <td>{message.subject ?? '—'}</td>
                <td>{message.reason}</td>
                <td>{formatBytes(message.size)}</td>
                <td>{timeAgo(message.fetchedAt)}</td>
                <td className="row-actions">
                  <a className="button button-small" href={`/api/quarantine/${message.id}/raw`} download>
                    Download
                  </a>
                  <button type="button" className="button button-small" disabled={action.isPending} onClick={() => action.mutate({ id: message.id, action: 'retry' })}>
                    Retry
                  </button>
                  <button type="button" className="button button-small" disabled={action.isPending} onClick={() => action.mutate({ id: message.id, action: 'force-new-conversation' })}>
                    New conversation
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
