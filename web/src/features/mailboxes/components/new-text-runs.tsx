import { FormError } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { timeAgo } from '../../../lib/format';
import { useLatestNewTextRun, useStartNewTextRun } from '../api/new-text-runs';

/** Admins: re-compute which words of every stored customer message are new, after the rules improved. */
export function NewTextRuns() {
  const latest = useLatestNewTextRun();
  const start = useStartNewTextRun();
  const run = latest.data?.run ?? null;
  const running = run?.status === 'running';
  return (
    <section className="panel" aria-labelledby="new-words-title">
      <h2 id="new-words-title">New words</h2>
      <p className="muted small">
        Re-computes the customer’s new words (what previews, search and the digest use) for every stored message, from its original text. Pinned quotes
        keep their words; a quote that now falls outside the new words is flagged.
      </p>
      <FormError error={start.error} />
      {latest.isPending ? (
        <Spinner label="Loading the last run…" />
      ) : latest.isError ? (
        <ErrorState error={latest.error} onRetry={() => void latest.refetch()} />
      ) : run === null ? (
        <p className="empty">Never re-processed: every message has the span computed when it arrived.</p>
      ) : (
        <p role="status" data-testid="new-text-run">
          {running ? 'Running: ' : run.status === 'done' ? `Done ${timeAgo(run.finishedAt)}: ` : `Failed ${timeAgo(run.finishedAt)} (${run.error ?? 'unknown error'}): `}
          {run.processed} of {run.total} messages, {run.changed} changed, {run.quotesFlagged} pinned quotes flagged.
          {running ? <progress max={Math.max(run.total, 1)} value={run.processed} aria-label="Re-processing progress" /> : null}
        </p>
      )}
      <button type="button" className="button button-small" disabled={running || start.isPending} onClick={() => start.mutate()}>
        {running ? 'Re-processing…' : 'Re-process new words'}
      </button>
    </section>
  );
}
