import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ConversationListItemDto } from '../../../../../api/src/conversations/conversations.types';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { timeAgo } from '../../../lib/format';
import { useConversationList } from '../api/conversations';
import type { InboxView } from '../views';
import { PlainText } from './plain-text';

const STATUS_LABELS = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', closed: 'Closed', spam: 'Spam' } as const;

export function ConversationList({
  view,
  q,
  selectedId,
  cursorIndex,
  onItems,
  linkFor,
}: {
  view: InboxView;
  q: string;
  selectedId: string | undefined;
  cursorIndex: number;
  onItems: (items: ConversationListItemDto[]) => void;
  linkFor: (id: string) => string;
}) {
  const list = useConversationList(view, q);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const sentinel = useRef<HTMLLIElement>(null);
  const cursorRow = useRef<HTMLLIElement>(null);

  useEffect(() => {
    onItems(items);
  }, [list.data]); // eslint-disable-line react-hooks/exhaustive-deps

  // The next page loads as the end of the list scrolls into view.
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [list]);

  // Block body: scrollIntoView returns a promise in recent browsers, and an effect must return nothing or a cleanup.
  useEffect(() => {
    cursorRow.current?.scrollIntoView({ block: 'nearest' });
  }, [cursorIndex]);

  if (list.isPending) return <Spinner label="Loading conversations…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return q.trim() ? (
      <EmptyState title="Nothing matches">
        <p>Free words are matched in what customers wrote. Try fewer words, or operators such as from:, subject: or status:closed.</p>
      </EmptyState>
    ) : (
      <EmptyState title={`${view.label}: nothing here`}>
        <p>{view.key === 'unassigned' || view.key === 'open' ? 'Every customer has an answer. New mail appears here by itself.' : 'No conversations in this view.'}</p>
      </EmptyState>
    );
  }
  return (
    <ol className="conversation-list" aria-label="Conversations">
      {items.map((item, index) => (
        <li
          key={item.id}
          ref={index === cursorIndex ? cursorRow : undefined}
          className={`conversation-row${index === cursorIndex ? ' is-cursor' : ''}${item.id === selectedId ? ' is-selected' : ''}`}
          data-testid="conversation-row"
          aria-current={item.id === selectedId ? 'true' : undefined}
        >
          <Link to={linkFor(item.id)} className="conversation-link">
            <span className="row-top">
              <span className="row-contact">{item.contact.name ?? item.contact.email}</span>
              <time className="row-age" dateTime={item.lastMessageAt} title={new Date(item.lastMessageAt).toLocaleString()}>
                {timeAgo(item.lastMessageAt)}
              </time>
            </span>
            <span className="row-subject">
              {item.subject || '(no subject)'} <span className="muted small">#{item.number}</span>
            </span>
            <span className="row-preview" data-testid="row-preview">
              {item.match ? (
                <>
                  {item.match.cutBefore ? '… ' : ''}
                  <PlainText text={item.match.text} highlights={item.match.highlights} />
                  {item.match.cutAfter ? ' …' : ''}
                </>
              ) : (
                <>
                  {item.preview.text}
                  {item.preview.truncated ? ' …' : ''}
                </>
              )}
            </span>
            <span className="row-meta">
              <span className={`badge badge-${item.status}`}>{STATUS_LABELS[item.status]}</span>
              <span className="muted small">{item.assignee ? item.assignee.name : 'Unassigned'}</span>
            </span>
          </Link>
        </li>
      ))}
      <li ref={sentinel} className="list-end muted small">
        {list.isFetchingNextPage ? 'Loading more…' : list.hasNextPage ? (
          <button type="button" className="button button-small" onClick={() => void list.fetchNextPage()}>
            Load more
          </button>
        ) : (
          `${items.length} conversation${items.length === 1 ? '' : 's'}`
        )}
      </li>
    </ol>
  );
}
