import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState, Spinner } from '../../../components/status';
import { useLinkIssueTheme, useMayDo, useMergeTheme, useTheme, useThemes, useUpdateTheme } from '../api/feedback';
import { LinkIssue } from './link-issue';

/** A theme: its quotes verbatim, counts, first and last seen, a weekly trend, linked issues. */
export function ThemePage({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const theme = useTheme(id);
  const themes = useThemes();
  const update = useUpdateTheme();
  const merge = useMergeTheme();
  const mayMerge = useMayDo('mergeThemes');
  const [editing, setEditing] = useState<{ name: string; description: string; phrases: string } | null>(null);
  const [mergeInto, setMergeInto] = useState('');
  const linkIssue = useLinkIssueTheme();
  if (theme.isPending) return <Spinner label="Loading the theme…" />;
  if (theme.isError) return <ErrorState error={theme.error} onRetry={() => void theme.refetch()} />;
  const data = theme.data;
  const peak = Math.max(1, ...data.weekly.map((week) => week.quotes));
  return (
    <section className="page">
      <p>
        <Link to="/feedback/themes">← All themes</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{data.name}</h1>
          {data.description ? <p className="muted">{data.description}</p> : null}
        </div>
        <button
          type="button"
          className="button"
          onClick={() => setEditing({ name: data.name, description: data.description, phrases: data.phrases.join('\n') })}
        >
          Edit
        </button>
      </header>
      {editing ? (
        <form
          className="panel"
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate(
              {
                id,
                name: editing.name,
                description: editing.description,
                ...(isAdmin ? { phrases: editing.phrases.split('\n').map((phrase) => phrase.trim()).filter(Boolean) } : {}),
              },
              { onSuccess: () => setEditing(null) },
            );
          }}
        >
          <label className="field">
            Name <input value={editing.name} onChange={(event) => setEditing({ ...editing, name: event.target.value })} />
          </label>
          <label className="field">
            Description <textarea value={editing.description} onChange={(event) => setEditing({ ...editing, description: event.target.value })} />
          </label>
          {isAdmin ? (
            <label className="field">
              Suggestion phrases (one per line): customer words containing one get this theme suggested, never applied
              <textarea value={editing.phrases} onChange={(event) => setEditing({ ...editing, phrases: event.target.value })} />
            </label>
          ) : null}
          {update.isError ? <p className="field-error">{update.error.message}</p> : null}
          <div className="actions">
            <button type="submit" className="button button-primary">
              Save
            </button>
            <button type="button" className="button button-quiet" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
          {mayMerge() ? (
            <>
              <hr />
              <label className="small">
                Merge into{' '}
                <select value={mergeInto} onChange={(event) => setMergeInto(event.target.value)}>
                  <option value="">another theme…</option>
                  {(themes.data ?? [])
                    .filter((other) => other.id !== id)
                    .map((other) => (
                      <option key={other.id} value={other.id}>
                        {other.name}
                      </option>
                    ))}
                </select>
              </label>{' '}
              <button type="button" className="button button-small" disabled={!mergeInto} onClick={() => merge.mutate({ id, intoThemeId: mergeInto })}>
                Merge
              </button>
              {merge.isError ? (
                <p className="field-error" role="alert">
                  {merge.error.message}
                </p>
              ) : null}
              {merge.isSuccess ? (
                <p role="status">
                  Merged. <Link to={`/feedback/themes/${mergeInto}`}>Open the merged theme</Link>
                </p>
              ) : null}
            </>
          ) : null}
        </form>
      ) : null}
      <dl className="facts" data-testid="theme-counts">
        <dt>Customers</dt>
        <dd>{data.customers}</dd>
        <dt>Companies</dt>
        <dd>{data.companies}</dd>
        <dt>Quotes</dt>
        <dd>{data.quotes}</dd>
        <dt>First seen</dt>
        <dd>{data.firstSeen ? new Date(data.firstSeen).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—'}</dd>
        <dt>Last seen</dt>
        <dd>{data.lastSeen ? new Date(data.lastSeen).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—'}</dd>
      </dl>
      <figure className="trend" aria-label="Quotes per week, last 12 weeks">
        <div className="trend-bars">
          {data.weekly.map((week) => (
            <div key={week.week} className="trend-bar" title={`Week of ${week.week}: ${week.quotes}`} style={{ height: `${(week.quotes / peak) * 100}%` }} />
          ))}
        </div>
        <figcaption className="small muted">Quotes per week, last 12 weeks (hover a bar for its count)</figcaption>
      </figure>
      <section className="panel" aria-label="Issues that fix this theme">
        <h2 className="small">Fixed by</h2>
        {data.issues.length ? (
          <ul className="plain-list">
            {data.issues.map((issue) => (
              <li key={issue.id}>
                <span className={`badge badge-${issue.state}`}>{issue.state === 'wontfix' ? 'Won’t fix' : issue.state === 'fixed' ? 'Fixed' : 'Open'}</span>{' '}
                <a href={issue.url} target="_blank" rel="noopener noreferrer">
                  {issue.title ?? issue.url}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No issue linked yet. When a linked issue is fixed, everyone quoted here gets a draft reply.</p>
        )}
        <LinkIssue
          linked={data.issues}
          linkNew={{ themeIds: [id] }}
          onLinkExisting={(issueId, done) => linkIssue.mutate({ issueId, themeId: id }, { onSuccess: done })}
        />
      </section>
      <h2>In their words</h2>
      <ul className="plain-list">
        {data.quoteList.map((quote) => (
          <li key={quote.id} className="panel" data-testid="theme-quote">
            <blockquote className="quote-text">{quote.text}</blockquote>
            {quote.outsideNewText ? (
              <p className="small muted" data-testid="quote-outside-new-text">
                Since the new words were re-computed, this quote lies outside them (it may be quoted history); its words are unchanged.
              </p>
            ) : null}
            <p className="small muted">
              {quote.customer.name ?? quote.customer.email}
              {quote.company ? `, ${quote.company}` : ''} · {new Date(quote.messageDate).toLocaleDateString(undefined, { dateStyle: 'medium' })} ·{' '}
              <Link to={`/inbox/open/${quote.conversationId}`}>conversation #{quote.conversationId}</Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
