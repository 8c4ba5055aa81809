import type { ConnectionCheckResultDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { ApiError } from '../../../lib/api-client';

export function ConnectionResult({ result, error }: { result: ConnectionCheckResultDto | undefined; error: unknown }) {
  if (error) return <div className="banner banner-error" role="alert">{error instanceof ApiError ? error.message : 'The test could not run.'}</div>;
  if (!result) return null;
  const line = (label: string, outcome: { ok: boolean; error: string | null }) => (
    <li className={outcome.ok ? 'ok' : 'failed'}>
      <strong>{label}:</strong> {outcome.ok ? 'connected and signed in' : outcome.error}
    </li>
  );
  return (
    <ul className="connection-result" role="status" aria-label="Connection test">
      {line('IMAP', result.imap)}
      {line('SMTP', result.smtp)}
    </ul>
  );
}
