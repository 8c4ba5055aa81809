import { useState } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import type { IssueLinkDto, IssueStateDto } from '../../../../../api/src/feedback/feedback.types';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { useSession } from '../../auth/api/get-session';
import {
  useCreateIssue,
  useCreateTheme,
  useDiscardFixReply,
  useEditFixReply,
  useFixReplies,
  useIssues,
  useSendAllFixReplies,
  useSendFixReply,
  useSetFixSummary,
  useSetIssueState,
  useThemes,
  useUnlinkIssueConversation,
  useUnlinkIssueTheme,
} from '../api/feedback';
import { DigestPage } from '../../digest/components/digest-page';
import { ThemePage } from './theme-page';

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—');

function ThemesOverview() {
  const themes = useThemes();
  const create = useCreateTheme();
  const [name, setName] = useState('');
  if (themes.isPending) return <Spinner label="Loading themes…" />;
  if (themes.isError) return <ErrorState error={themes.error} onRetry={() => void themes.refetch()} />;
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
        }}
      >
        <input aria-label="New theme name" placeholder="New theme, e.g. “Calendar sync”" value={name} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button" disabled={!name.trim() || create.isPending}>
          Create theme
        </button>
        {create.isError ? <span className="field-error">{create.error.message}</span> : null}
      </form>
      {themes.data.length === 0 ? (
        <EmptyState title="No themes yet">
          <p>Pin a customer’s words in a conversation, then tag the quote with a theme.</p>
        </EmptyState>
      ) : (
        <table className="table table-stack" aria-label="Themes">
          <thead>
            <tr>
              <th>Theme</th>
              <th>Customers</th>
              <th>Companies</th>
              <th>Quotes</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {themes.data.map((theme) => (
              <tr key={theme.id}>
                <td className="table-stack-title">
                  <Link to={`/feedback/themes/${theme.id}`}>{theme.name}</Link>
                </td>
                <td data-label="Customers">{theme.customers}</td>
                <td data-label="Companies">{theme.companies}</td>
                <td data-label="Quotes">{theme.quotes}</td>
                <td data-label="Last seen">{day(theme.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** "What we fixed", as customers will read it in the drafts; prefilled from the issue's title, saved on blur or Enter. */
function FixSummary({ issue }: { issue: IssueLinkDto }) {
  const save = useSetFixSummary();
  const stored = issue.fixSummary ?? issue.title ?? '';
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text !== null && text.trim() !== stored) save.mutate({ id: issue.id, fixSummary: text.trim() }, { onSuccess: () => setText(null) });
  };
  return (
    <>
      <input
        className="fix-summary"
        aria-label={`What we fixed: ${issue.title ?? issue.url}`}
        placeholder="In words a customer understands"
        maxLength={500}
        value={text ?? stored}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
      {save.isError ? <span className="field-error">{save.error.message}</span> : null}
    </>
  );
}

function Issues() {
  const issues = useIssues();
  const setState = useSetIssueState();
  const unlinkTheme = useUnlinkIssueTheme();
  const unlinkConversation = useUnlinkIssueConversation();
  const create = useCreateIssue();
  const [url, setUrl] = useState('');
  if (issues.isPending) return <Spinner label="Loading issues…" />;
  if (issues.isError) return <ErrorState error={issues.error} onRetry={() => void issues.refetch()} />;
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ url: url.trim() }, { onSuccess: () => setUrl('') });
        }}
      >
        <input type="url" aria-label="Issue URL" placeholder="https://github.com/you/app/issues/1" value={url} onChange={(event) => setUrl(event.target.value)} />
        <button type="submit" className="button" disabled={!url.trim()}>
          Add issue
        </button>
        {create.isError ? <span className="field-error">{create.error.message}</span> : null}
      </form>
      {issues.data.length === 0 ? (
        <EmptyState title="No linked issues">
          <p>Link a theme or a conversation to the bug that fixes it; when it is fixed, everyone who asked gets a draft reply.</p>
        </EmptyState>
      ) : (
        <table className="table" aria-label="Issues">
          <thead>
            <tr>
              <th>Issue</th>
              <th>What we fixed (customers read this)</th>
              <th>Themes</th>
              <th>Conversations</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {issues.data.map((issue) => (
              <tr key={issue.id}>
                <td>
                  <a href={issue.url} target="_blank" rel="noopener noreferrer">
                    {issue.title ?? issue.externalId ?? issue.url}
                  </a>{' '}
                  <span className="muted small">{issue.tracker}</span>
                </td>
                <td>
                  <FixSummary issue={issue} />
                </td>
                <td>
                  {issue.themes.length === 0 ? '—' : null}
                  {issue.themes.map((theme) => (
                    <span key={theme.id} className="badge">
                      <Link to={`/feedback/themes/${theme.id}`}>{theme.name}</Link>{' '}
                      <button type="button" className="chip-remove" aria-label={`Unlink theme ${theme.name}`} onClick={() => unlinkTheme.mutate({ issueId: issue.id, themeId: theme.id })}>
                        ×
                      </button>
                    </span>
                  ))}
                </td>
                <td>
                  {issue.conversations.length === 0 ? '—' : null}
                  {issue.conversations.map((conversation) => (
                    <span key={conversation.id} className="badge">
                      <Link to={`/inbox/open/${conversation.id}`}>#{conversation.number}</Link>{' '}
                      <button
                        type="button"
                        className="chip-remove"
                        aria-label={`Unlink conversation #${conversation.number}`}
                        onClick={() => unlinkConversation.mutate({ issueId: issue.id, conversationId: conversation.id })}
                      >
                        ×
                      </button>
                    </span>
                  ))}
                </td>
                <td>
                  <select
                    aria-label={`State of ${issue.title ?? issue.url}`}
                    value={issue.state}
                    onChange={(event) => setState.mutate({ id: issue.id, state: event.target.value as IssueStateDto })}
                  >
                    <option value="open">Open</option>
                    <option value="fixed">Fixed</option>
                    <option value="wontfix">Won’t fix</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function TellThem() {
  const session = useSession();
  const signature = session.data?.person.signature.trim() ?? '';
  const [confirming, setConfirming] = useState(false);
  const drafts = useFixReplies('draft');
  const send = useSendFixReply();
  const discard = useDiscardFixReply();
  const edit = useEditFixReply();
  const sendAll = useSendAllFixReplies();
  const [editing, setEditing] = useState<Record<string, string>>({});
  if (drafts.isPending) return <Spinner label="Loading drafts…" />;
  if (drafts.isError) return <ErrorState error={drafts.error} onRetry={() => void drafts.refetch()} />;
  if (drafts.data.length === 0) {
    return (
      <EmptyState title="Nobody to tell right now">
        <p>When a linked issue is fixed, a reply to every customer who asked is drafted here, quoting their own words.</p>
      </EmptyState>
    );
  }
  return (
    <>
      {confirming ? (
        <div className="banner" role="alertdialog" aria-label="Send all drafts?" data-testid="send-all-confirm">
          <p>
            <strong>
              Send {drafts.data.length} {drafts.data.length === 1 ? 'reply' : 'replies'}?
            </strong>{' '}
            Each goes to one customer, in their own thread, signed by you. The first one reads:
          </p>
          <pre className="draft-preview">
            {drafts.data[0]!.text}
            {signature ? `\n-- \n${signature}` : ''}
          </pre>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              disabled={sendAll.isPending}
              onClick={() => sendAll.mutate(undefined, { onSettled: () => setConfirming(false) })}
            >
              Send {drafts.data.length} {drafts.data.length === 1 ? 'reply' : 'replies'}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <p>
          <button type="button" className="button button-primary" disabled={sendAll.isPending} onClick={() => setConfirming(true)}>
            Send all {drafts.data.length}…
          </button>{' '}
          <span className="muted small">Each goes out in the customer’s own thread, from the mailbox they wrote to.</span>
        </p>
      )}
      {sendAll.data && sendAll.data.failed > 0 ? (
        <p className="field-error" role="alert">
          {sendAll.data.sent} sent, {sendAll.data.failed} could not be sent: they stay here as drafts.
        </p>
      ) : null}
      <ul className="plain-list">
        {drafts.data.map((draft) => (
          <li key={draft.id} className="panel" data-testid="fix-reply">
            <p className="small">
              To {draft.conversation.contact.name ?? draft.conversation.contact.email} ·{' '}
              <Link to={`/inbox/open/${draft.conversation.id}`}>
                #{draft.conversation.number} {draft.conversation.subject}
              </Link>{' '}
              · fixed by{' '}
              <a href={draft.issue.url} target="_blank" rel="noopener noreferrer">
                {draft.issue.title ?? draft.issue.url}
              </a>
            </p>
            <textarea
              className="composer-text"
              rows={8}
              aria-label={`Reply to ${draft.conversation.contact.email}`}
              value={editing[draft.id] ?? draft.text}
              onChange={(event) => setEditing({ ...editing, [draft.id]: event.target.value })}
              onBlur={() => {
                const text = editing[draft.id];
                if (text !== undefined && text !== draft.text) edit.mutate({ id: draft.id, text });
              }}
            />
            {signature ? (
              <pre className="signature-preview muted small" aria-label="Your signature, added when sent">
                -- {'\n'}
                {signature}
              </pre>
            ) : null}
            <div className="actions">
              <button type="button" className="button button-primary" disabled={send.isPending} onClick={() => send.mutate(draft.id)}>
                Send
              </button>
              <button type="button" className="button button-quiet" onClick={() => discard.mutate(draft.id)}>
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
      {send.isError ? <p className="field-error" role="alert">{send.error.message}</p> : null}
    </>
  );
}

export function FeedbackPage() {
  const { tab, id } = useParams();
  const session = useSession();
  const drafts = useFixReplies('draft');
  if (tab === 'themes' && id) return <ThemePage id={id} isAdmin={session.data?.person.access === 'admin'} />;
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Feedback</h1>
          <p className="muted">Customers’ exact words, by theme, linked to the fixes, and the replies that tell them.</p>
        </div>
      </header>
      <nav className="tabs" aria-label="Feedback">
        <NavLink to="/feedback/themes" className={() => (!tab || tab === 'themes' ? 'active' : '')}>
          Themes
        </NavLink>
        <NavLink to="/feedback/issues">Issues</NavLink>
        <NavLink to="/feedback/tell-them">Fixed — tell them{drafts.data?.length ? ` (${drafts.data.length})` : ''}</NavLink>
        <NavLink to="/feedback/digest">Digest</NavLink>
      </nav>
      {tab === 'issues' ? <Issues /> : tab === 'tell-them' ? <TellThem /> : tab === 'digest' ? <DigestPage id={id} /> : <ThemesOverview />}
    </section>
  );
}
