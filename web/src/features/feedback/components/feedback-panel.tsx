import { forwardRef, useImperativeHandle, useState } from 'react';
import { Link } from 'react-router';
import type { QuoteDto, ThemeSuggestionDto } from '../../../../../api/src/feedback/feedback.types';
import { ErrorState, Spinner } from '../../../components/status';
import {
  useConversationFeedback,
  useCreateTheme,
  useLinkIssueConversation,
  usePinQuote,
  useMayDo,
  useRetractQuote,
  useTagQuote,
  useThemes,
  useUnlinkIssueConversation,
  useUntagQuote,
} from '../api/feedback';
import { LinkIssue } from './link-issue';
import type { WordSelection } from './selection';

const STATE_LABELS = { open: 'Open', fixed: 'Fixed', wontfix: 'Won’t fix' } as const;
const NEW_THEME = '__new__';

/** "pinned on Ana's duty day, 27 Nov": the duty day the quoted words arrived on, and who was on duty. */
export function dutyDayLabel(quote: Pick<QuoteDto, 'dutyDate' | 'dutyPerson'>, locale?: string): string {
  const date = new Date(`${quote.dutyDate}T12:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return quote.dutyPerson ? `pinned on ${quote.dutyPerson.name}’s duty day, ${date}` : `from ${date}`;
}

/** "+ theme" on a quote: an existing theme, or a new one named inline (created, then tagged). */
function AddTheme({ quote, themes, onTag }: { quote: QuoteDto; themes: { id: string; name: string }[]; onTag: (themeId: string) => void }) {
  const create = useCreateTheme();
  const [naming, setNaming] = useState<string | null>(null);
  if (naming !== null) {
    return (
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!naming.trim()) return;
          create.mutate(
            { name: naming.trim() },
            {
              onSuccess: (theme) => {
                setNaming(null);
                onTag(theme.id);
              },
            },
          );
        }}
      >
        <input
          autoFocus
          aria-label="New theme name"
          placeholder="New theme"
          value={naming}
          onChange={(event) => setNaming(event.target.value)}
          onKeyDown={(event) => event.key === 'Escape' && setNaming(null)}
        />
        <button type="submit" className="button button-small" disabled={!naming.trim() || create.isPending}>
          Add
        </button>
        {create.isError ? <span className="field-error">{create.error.message}</span> : null}
      </form>
    );
  }
  return (
    <select
      aria-label="Add a theme"
      value=""
      onChange={(event) => {
        if (event.target.value === NEW_THEME) setNaming('');
        else if (event.target.value) onTag(event.target.value);
      }}
    >
      <option value="">+ theme</option>
      {themes
        .filter((theme) => !quote.themes.some((tagged) => tagged.id === theme.id))
        .map((theme) => (
          <option key={theme.id} value={theme.id}>
            {theme.name}
          </option>
        ))}
      <option value={NEW_THEME}>New theme…</option>
    </select>
  );
}

export interface FeedbackPanelHandle {
  /** Pins the selected words (the `p` key). */
  pinSelection(): void;
  /** Accepts the first theme suggestion (the `t` key). */
  acceptSuggestion(): void;
}

/** The conversation's feedback: pin the selected words, quotes and their themes, theme suggestions, linked issues. */
export const FeedbackPanel = forwardRef<FeedbackPanelHandle, { conversationId: string; selection: WordSelection | null; onPinned: () => void }>(function FeedbackPanel(
  { conversationId, selection, onPinned },
  ref,
) {
  const feedback = useConversationFeedback(conversationId);
  const themes = useThemes();
  const pin = usePinQuote();
  const retract = useRetractQuote();
  const mayRetract = useMayDo('retractOthersQuotes');
  const tag = useTagQuote();
  const untag = useUntagQuote();
  const linkIssue = useLinkIssueConversation();
  const unlinkIssue = useUnlinkIssueConversation();
  const [pinTheme, setPinTheme] = useState('');

  const accept = (suggestion: ThemeSuggestionDto) =>
    pin.mutate({ messageId: suggestion.messageId, start: suggestion.start, end: suggestion.end, themeIds: [suggestion.theme.id] }, { onSuccess: onPinned });
  const pinSelected = () => {
    const alreadyPinned = selection && feedback.data?.quotes.some((quote) => quote.messageId === selection.messageId && quote.start === selection.start && quote.end === selection.end);
    if (selection && !alreadyPinned && !pin.isPending) pin.mutate({ messageId: selection.messageId, start: selection.start, end: selection.end, themeIds: pinTheme ? [pinTheme] : [] }, { onSuccess: onPinned });
  };
  useImperativeHandle(ref, () => ({
    pinSelection: pinSelected,
    acceptSuggestion: () => {
      const first = feedback.data?.suggestions[0];
      if (first) accept(first);
    },
  }));

  if (feedback.isPending) return <Spinner label="Loading feedback…" />;
  if (feedback.isError) return <ErrorState error={feedback.error} onRetry={() => void feedback.refetch()} />;
  const data = feedback.data;
  const liveThemes = themes.data ?? [];
  // Words already pinned are not offered again (a second pin would be a duplicate): the selection may outlive the pin.
  const offered = selection && !data.quotes.some((quote) => quote.messageId === selection.messageId && quote.start === selection.start && quote.end === selection.end) ? selection : null;

  return (
    <aside className="feedback-panel" aria-label="Feedback">
      <section>
        <h2 className="small">Pin the customer’s words</h2>
        {offered ? (
          <div className="pin-box" data-testid="pin-box">
            <blockquote className="quote-text">{offered.text}</blockquote>
            <label className="small">
              Theme{' '}
              <select value={pinTheme} onChange={(event) => setPinTheme(event.target.value)} aria-label="Theme for the new quote">
                <option value="">none yet</option>
                {liveThemes.map((theme) => (
                  <option key={theme.id} value={theme.id}>
                    {theme.name}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button
              type="button"
              className="button button-small button-primary"
              disabled={pin.isPending}
              onClick={pinSelected}
            >
              Pin quote <kbd>p</kbd>
            </button>
          </div>
        ) : (
          <p className="muted small">Select words in a customer’s message, then press <kbd>p</kbd>.</p>
        )}
        {pin.isError ? <p className="field-error" role="alert">{pin.error.message}</p> : null}
      </section>

      {data.suggestions.length ? (
        <section>
          <h2 className="small">Suggested themes</h2>
          <ul className="plain-list">
            {data.suggestions.map((suggestion, index) => (
              <li key={`${suggestion.theme.id}-${suggestion.messageId}`} data-testid="theme-suggestion">
                <span className="badge">{suggestion.theme.name}</span> <span className="small">“{suggestion.text}”</span>{' '}
                <button type="button" className="button button-small" onClick={() => accept(suggestion)} title={index === 0 ? 'Accept (t)' : undefined}>
                  Accept{index === 0 ? <> <kbd>t</kbd></> : null}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.themes.length ? (
        <section>
          <h2 className="small">Themes</h2>
          <p className="chips">
            {data.themes.map((theme) => (
              <Link key={theme.id} className="badge" to={`/feedback/themes/${theme.id}`}>
                {theme.name}
              </Link>
            ))}
          </p>
        </section>
      ) : null}

      <section>
        <h2 className="small">Quotes ({data.quotes.length})</h2>
        {data.quotes.length === 0 ? <p className="muted small">No quotes pinned yet.</p> : null}
        <ul className="plain-list">
          {data.quotes.map((quote) => (
            <li key={quote.id} className="quote-item" data-testid="quote">
              <blockquote className="quote-text">{quote.text}</blockquote>
              {quote.outsideNewText ? (
                <p className="small muted" data-testid="quote-outside-new-text">
                  Since the new words were re-computed, this quote lies outside them (it may be quoted history); its words are unchanged.
                </p>
              ) : null}
              <p className="small muted">
                {quote.customer.name ?? quote.customer.email} · by {quote.pinnedBy?.name ?? 'someone'} · {dutyDayLabel(quote)}
              </p>
              <div className="chips">
                {quote.themes.map((theme) => (
                  <span key={theme.id} className="badge">
                    <Link to={`/feedback/themes/${theme.id}`}>{theme.name}</Link>{' '}
                    <button type="button" className="chip-remove" aria-label={`Remove theme ${theme.name}`} onClick={() => untag.mutate({ quoteId: quote.id, themeId: theme.id })}>
                      ×
                    </button>
                  </span>
                ))}
                <AddTheme quote={quote} themes={liveThemes} onTag={(themeId) => tag.mutate({ quoteId: quote.id, themeId })} />
                {mayRetract(quote.pinnedBy?.id) ? (
                  <button type="button" className="button button-small button-quiet" onClick={() => retract.mutate(quote.id)}>
                    Retract
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
        {retract.isError ? (
          <p className="field-error" role="alert">
            {retract.error.message}
          </p>
        ) : null}
      </section>

      <section>
        <h2 className="small">Linked issues</h2>
        <ul className="plain-list">
          {data.issues.map((issue) => (
            <li key={issue.id} data-testid="linked-issue">
              <span className={`badge badge-${issue.state}`}>{STATE_LABELS[issue.state]}</span>{' '}
              <a href={issue.url} target="_blank" rel="noopener noreferrer">
                {issue.title ?? issue.externalId ?? issue.url}
              </a>{' '}
              {issue.conversations.some((linked) => linked.id === conversationId) ? (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Unlink ${issue.title ?? issue.url}`}
                  title="Unlink from this conversation"
                  onClick={() => unlinkIssue.mutate({ issueId: issue.id, conversationId })}
                >
                  ×
                </button>
              ) : (
                <span className="muted small">(through a theme)</span>
              )}
            </li>
          ))}
        </ul>
        <LinkIssue
          linked={data.issues}
          linkNew={{ conversationIds: [conversationId] }}
          onLinkExisting={(issueId, done) => linkIssue.mutate({ issueId, conversationId }, { onSuccess: done })}
        />
        {linkIssue.isError ? <p className="field-error">{linkIssue.error.message}</p> : null}
      </section>
    </aside>
  );
});
