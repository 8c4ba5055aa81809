import { memo, type RefObject, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ConversationListItemDto } from '../../../../../api/src/conversations/conversations.types';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { useMailboxes } from '../../mailboxes/api/get-mailboxes';
import { useConversationList } from '../api/conversations';
import type { InboxView } from '../views';
import { FittedPreview } from './fitted-preview';
import { When } from './when';

/**
 * Rows drawn in the list's first frame: more than this window shows (a row is at least 70 px tall:
 * name, subject, two preview lines). The rest follow right after that frame is painted, so the
 * inbox appears without waiting for the layout of rows below the fold (each row is still measured
 * before it is painted: previews never end mid-word).
 */
const MIN_ROW_PX = 70;
const firstFrameRows = () => Math.max(8, Math.ceil(window.innerHeight / MIN_ROW_PX) + 1);

const STATUS_LABELS = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', closed: 'Closed', spam: 'Spam', bulk: 'Bulk' } as const;

/** Who spoke last: the customer (waiting since their mail) or us (our reply). */
function LastSpoke({ item }: { item: ConversationListItemDto }) {
  // A closed conversation waits for nobody: who wrote last, without the call to answer.
  if (item.waitingSince && (item.status === 'closed' || item.status === 'spam' || item.status === 'bulk')) {
    return (
      <span className="row-spoke small muted" data-testid="last-spoke">
        Customer wrote last <When iso={item.waitingSince} />
      </span>
    );
  }
  if (item.waitingSince) {
    return (
      <span className="row-spoke row-spoke-customer small" data-testid="last-spoke">
        Customer waiting since <When iso={item.waitingSince} />
      </span>
    );
  }
  if (item.lastReplyAt) {
    return (
      <span className="row-spoke row-spoke-us small muted" data-testid="last-spoke">
        We replied <When iso={item.lastReplyAt} />
      </span>
    );
  }
  return null;
}

/**
 * One row, drawn again only when its own conversation, its cursor or selection changes: a live
 * update refetches the list, and the rows that did not change keep their objects (the query's
 * structural sharing), so only the new or changed rows render.
 */
const ConversationRow = memo(function ConversationRow({
  item,
  isCursor,
  isSelected,
  href,
  cursorRef,
}: {
  item: ConversationListItemDto;
  isCursor: boolean;
  isSelected: boolean;
  href: string;
  cursorRef: RefObject<HTMLLIElement | null> | undefined;
}) {
  return (
    <li
      ref={cursorRef}
      className={`conversation-row${isCursor ? ' is-cursor' : ''}${isSelected ? ' is-selected' : ''}${item.unread ? ' is-unread' : ''}`}
      data-testid="conversation-row"
      data-unread={item.unread ? 'true' : undefined}
      aria-current={isSelected ? 'true' : undefined}
    >
      <Link to={href} className="conversation-link">
        <span className="row-top">
          <span className="row-contact">{item.contact.name ?? item.contact.email}</span>
          <When className="row-age" iso={item.lastMessageAt} />
        </span>
        <span className="row-subject">
          {item.subject || '(no subject)'} <span className="muted small">#{item.number}</span>
        </span>
        {item.match ? (
          <FittedPreview text={item.match.text} complete={!item.match.cutAfter} cutBefore={item.match.cutBefore} highlights={item.match.highlights} />
        ) : (
          <FittedPreview text={item.preview.text} complete={!item.preview.truncated} />
        )}
        <span className="row-meta">
          <span className={`badge badge-${item.status}`}>{STATUS_LABELS[item.status]}</span>
          {item.status === 'snoozed' && item.snoozedUntil ? (
            <span className="small" data-testid="snoozed-until">
              until <When iso={item.snoozedUntil} />
            </span>
          ) : null}
          <LastSpoke item={item} />
          <span className="muted small">{item.assignee ? item.assignee.name : 'Unassigned'}</span>
        </span>
      </Link>
    </li>
  );
});

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
  const mailboxes = useMailboxes();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const sentinel = useRef<HTMLLIElement>(null);
  const cursorRow = useRef<HTMLLIElement>(null);
  const [drawAll, setDrawAll] = useState(false);
  const [firstRows] = useState(firstFrameRows);
  const drawn = drawAll ? items : items.slice(0, firstRows);

  useEffect(() => {
    if (drawAll || items.length <= firstRows) return;
    // After the paint: a frame, then a task (effects of a synchronous render run before the paint).
    let timer = 0;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => setDrawAll(true), 0);
    });
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [drawAll, items.length, firstRows]);

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
  }, [list, drawAll]);

  // Block body: scrollIntoView returns a promise in recent browsers, and an effect must return nothing or a cleanup.
  useEffect(() => {
    cursorRow.current?.scrollIntoView({ block: 'nearest' });
  }, [cursorIndex, drawAll]);

  // An empty list says "Connect a mailbox" or "nothing here" only once the mailboxes are known.
  if (list.isPending || (items.length === 0 && !q.trim() && mailboxes.isPending)) return <Spinner label="Loading conversations…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return q.trim() ? (
      <EmptyState title="Nothing matches">
        <p>Free words are matched in what customers wrote, in every conversation (in:replies or in:notes for ours). Try fewer words, or operators such as from:, subject: or in:closed.</p>
      </EmptyState>
    ) : mailboxes.data && mailboxes.data.length === 0 ? (
      <EmptyState title="Connect a mailbox">
        <p>
          Nothing can arrive yet: <Link to="/settings">connect your support mailbox</Link> (IMAP and SMTP) and customer mail appears here by itself.
        </p>
      </EmptyState>
    ) : (
      <EmptyState title={`${view.label}: nothing here`}>
        <p>{view.key === 'unassigned' || view.key === 'open' ? 'Every customer has an answer. New mail appears here by itself.' : 'No conversations in this view.'}</p>
      </EmptyState>
    );
  }
  return (
    <ol className="conversation-list" aria-label="Conversations">
      {drawn.map((item, index) => (
        <ConversationRow
          key={item.id}
          item={item}
          isCursor={index === cursorIndex}
          isSelected={item.id === selectedId}
          href={linkFor(item.id)}
          cursorRef={index === cursorIndex ? cursorRow : undefined}
        />
      ))}
      {drawn.length < items.length ? null : (
        <li ref={sentinel} className="list-end muted small">
          {list.isFetchingNextPage ? 'Loading more…' : list.hasNextPage ? (
            <button type="button" className="button button-small" onClick={() => void list.fetchNextPage()}>
              Load more
            </button>
          ) : (
            `${items.length} conversation${items.length === 1 ? '' : 's'}`
          )}
        </li>
      )}
    </ol>
  );
}
