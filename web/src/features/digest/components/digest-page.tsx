import { useState } from 'react';
import { Link } from 'react-router';
import type { DigestContentDto } from '../../../../../api/src/digest/digest.types';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { useDigest, useDigestArchive, useDigestPreview, useDigestSubscription, useSetDigestSubscription } from '../api/digest';

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** A digest as sent: customers' words verbatim and counts, never a summary. */
export function DigestContent({ content }: { content: DigestContentDto }) {
  return (
    <div className="digest" data-testid="digest-content">
      <h2>Themes</h2>
      {content.themes.length === 0 ? <p className="muted">No quotes were pinned in this period.</p> : null}
      {content.themes.map((theme) => (
        <section key={theme.id || 'untagged'}>
          <h3>
            {theme.name} <span className="muted small">({theme.customers} customers, {theme.quotes.length} quotes)</span>
          </h3>
          {theme.quotes.map((quote) => (
            <figure key={quote.quoteId} className="digest-quote">
              <blockquote className="quote-text">{quote.text}</blockquote>
              <figcaption className="small muted">
                {quote.customer}
                {quote.company ? `, ${quote.company}` : ''} · {day(quote.date)} · <Link to={`/inbox/open/${quote.conversationId}`}>conversation</Link>
              </figcaption>
            </figure>
          ))}
        </section>
      ))}
      <h2>In their words, not yet pinned</h2>
      {content.unpinned.length === 0 ? <p className="muted">Every conversation of the period has a quote pinned.</p> : null}
      {content.unpinned.map((entry) => (
        <figure key={entry.messageId} className="digest-quote">
          <blockquote className="quote-text">{entry.text}</blockquote>
          <figcaption className="small muted">
            {entry.customer}
            {entry.company ? `, ${entry.company}` : ''} · {day(entry.date)} · <Link to={`/inbox/open/${entry.conversationId}`}>{entry.cut ? 'read it all' : 'conversation'}</Link>
          </figcaption>
        </figure>
      ))}
      <h2>Fixes shipped</h2>
      {content.fixes.length === 0 ? (
        <p className="muted">None in this period.</p>
      ) : (
        <ul>
          {content.fixes.map((fix) => (
            <li key={fix.issueId}>
              <a href={fix.url} target="_blank" rel="noopener noreferrer">
                {fix.title ?? fix.url}
              </a>{' '}
              ({day(fix.fixedAt)}): {fix.customersTold} customers told
            </li>
          ))}
        </ul>
      )}
      <h2>On duty</h2>
      {content.rotation.length === 0 ? (
        <p className="muted">No rotation covered this period.</p>
      ) : (
        <ul>
          {content.rotation.map((entry) => (
            <li key={`${entry.rotation}-${entry.date}`}>
              {entry.date} {entry.rotation}: {entry.person ?? 'nobody'}
              {entry.pinned.map((text) => (
                <blockquote key={text} className="quote-text small">
                  {text}
                </blockquote>
              ))}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={dutyReportPath(content)} data-testid="duty-report-link">
          Duty report for these days
        </Link>{' '}
        <span className="muted small">received, answered, first response, waiting at handoff, per person</span>
      </p>
    </div>
  );
}

/** The Reports page over the digest's days (a weekly digest: Monday to Sunday). */
const dutyReportPath = (content: Pick<DigestContentDto, 'periodStart' | 'periodEnd'>) =>
  `/reports?from=${content.periodStart.slice(0, 10)}&to=${new Date(Date.parse(`${content.periodEnd.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)}`;

function Subscription() {
  const subscription = useDigestSubscription();
  const save = useSetDigestSubscription();
  // What the person just chose, shown at once (set in the event handler) until the server has answered.
  const [chosen, setChosen] = useState<{ enabled: boolean; frequency: 'weekly' | 'daily' } | null>(null);
  if (subscription.isPending) return <Spinner label="Loading your digest settings…" />;
  if (subscription.isError) return <ErrorState error={subscription.error} />;
  const data = chosen ? { ...subscription.data, ...chosen } : subscription.data;
  const choose = (next: { enabled: boolean; frequency: 'weekly' | 'daily' }) => {
    setChosen(next);
    save.mutate(next, { onSettled: () => setChosen(null) });
  };
  return (
    <div className="panel" aria-label="Your digest">
      {data.canEmail ? null : (
        <p className="banner" role="status" data-testid="digest-no-smtp">
          Wholegrain cannot send email: no <code>SMTP_URL</code> is set and no mailbox has SMTP settings, so digests are not emailed. They are still built on schedule: read
          them in the archive below, and the next one in the preview.
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={data.enabled} onChange={(event) => choose({ enabled: event.target.checked, frequency: data.frequency })} />
        Email me the digest of customers’ words
      </label>
      <label className="small">
        How often{' '}
        <select value={data.frequency} disabled={!data.enabled} onChange={(event) => choose({ enabled: data.enabled, frequency: event.target.value as 'weekly' | 'daily' })}>
          <option value="weekly">Weekly, Monday 08:00</option>
          <option value="daily">Daily, 08:00</option>
        </select>
      </label>{' '}
      <span className="muted small">
        Your time zone: {data.timeZone}. {data.nextAt ? `Next: ${new Date(data.nextAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.` : 'You will not receive it.'}
      </span>
    </div>
  );
}

export function DigestPage({ id }: { id?: string | undefined }) {
  const archive = useDigestArchive();
  const [showPreview, setShowPreview] = useState(!id);
  const preview = useDigestPreview(showPreview && !id);
  const one = useDigest(id ?? '');
  if (id) {
    if (one.isPending) return <Spinner label="Loading the digest…" />;
    if (one.isError) return <ErrorState error={one.error} />;
    return (
      <>
        <p>
          <Link to="/feedback/digest">← Digests</Link>
        </p>
        <h2>{one.data.subject}</h2>
        <DigestContent content={one.data.content} />
      </>
    );
  }
  return (
    <>
      <Subscription />
      <h2>Archive</h2>
      {archive.data?.length ? (
        <ul>
          {archive.data.map((entry) => (
            <li key={entry.id}>
              <Link to={`/feedback/digest/${entry.id}`}>{entry.subject}</Link> <span className="muted small">{entry.status === 'sent' ? `sent ${day(entry.sentAt ?? entry.periodEnd)}` : entry.status}</span>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No digest yet">
          <p>Founders receive it by default on Monday at 08:00 their time; anyone can opt in above.</p>
        </EmptyState>
      )}
      <h2>
        Next digest, so far{' '}
        <button type="button" className="button button-small" onClick={() => setShowPreview(!showPreview)}>
          {showPreview ? 'Hide' : 'Show'}
        </button>
      </h2>
      {showPreview ? preview.isPending ? <Spinner label="Gathering customers’ words…" /> : preview.isError ? <ErrorState error={preview.error} /> : <DigestContent content={preview.data.content} /> : null}
    </>
  );
}
