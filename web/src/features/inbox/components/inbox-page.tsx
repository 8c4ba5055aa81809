import { useLayoutEffect, useRef, useState } from 'react';
import { NavLink, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ConversationListItemDto } from '../../../../../api/src/conversations/conversations.types';
import { useMailboxes } from '../../mailboxes/api/get-mailboxes';
import { LatestHandoffNotes } from '../../rotation/components/latest-handoff-notes';
import { useViewCounts } from '../api/conversations';
import { useLiveEvents } from '../api/live-events';
import { type InboxView, searchFilterFor, VIEWS, viewFor } from '../views';
import { ConversationList } from './conversation-list';
import { ConversationView, type ConversationViewHandle } from './conversation-view';
import { CloseUndoBanner } from './close-undo';
import { MergeUndoBanner } from './merge-undo';
import { NewConversationDialog } from './new-conversation-dialog';
import { offerStartUndo, StartUndoBanner } from './new-conversation-undo';
import type { UndoneConversationDto } from '../../../../../api/src/replies/outbound.contract';
import { ShortcutsHelp } from './shortcuts-help';

/** A touch screen without a mouse (phones, most tablets): key hints are left out of the words. */
const TOUCH_ONLY = typeof window !== 'undefined' && window.matchMedia('(hover: none) and (pointer: coarse)').matches;

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function ViewCount({ count }: { count: number | undefined }) {
  return count === undefined ? null : <span className="view-count" data-testid="view-count">{count}</span>;
}

export function InboxPage() {
  const { view: viewKey, conversationId } = useParams();
  const [searchParameters, setSearchParameters] = useSearchParams();
  const navigate = useNavigate();
  const mailboxes = useMailboxes();
  const view = viewFor(viewKey, mailboxes.data ?? []);
  const q = searchParameters.get('q') ?? '';
  const [searchText, setSearchText] = useState(q);
  const [items, setItems] = useState<ConversationListItemDto[]>([]);
  // The keyboard cursor follows a conversation (not a position), so new mail arriving above keeps it in place.
  const [cursorId, setCursorId] = useState<string | undefined>(conversationId);
  const [openedId, setOpenedId] = useState(conversationId);
  const [searchedFor, setSearchedFor] = useState(q);
  if (openedId !== conversationId) {
    setOpenedId(conversationId);
    setCursorId(conversationId);
  }
  if (searchedFor !== q) {
    setSearchedFor(q);
    setSearchText(q);
  }
  const cursorIndex = cursorId ? items.findIndex((item) => item.id === cursorId) : -1;
  // Nothing chosen yet (a freshly opened inbox): no row is the cursor, and the first `j` (or `k`) takes the first row.
  const cursor = cursorIndex;
  const moveCursor = (step: number) => {
    const next = items[cursor < 0 ? 0 : Math.min(Math.max(cursor + step, 0), items.length - 1)];
    if (next) setCursorId(next.id);
  };
  const [showHelp, setShowHelp] = useState(false);
  const [composingNew, setComposingNew] = useState(false);
  // A new conversation taken back with Undo: the dialog opens again with what it had.
  const [undoneNew, setUndoneNew] = useState<UndoneConversationDto['draft'] | null>(null);
  const counts = useViewCounts();
  const countOf = (key: string): number | undefined => {
    const data = counts.data;
    if (!data) return undefined;
    if (key.startsWith('mailbox-')) return data.mailboxes[key.slice('mailbox-'.length)] ?? 0;
    return (data as unknown as Record<string, number>)[key === 'open' ? 'open' : key];
  };
  const searchBox = useRef<HTMLInputElement>(null);
  const conversation = useRef<ConversationViewHandle>(null);
  useLiveEvents();
  // Below 800 px one pane shows at a time (views, list or conversation); opening the views lasts until the next navigation.
  const location = useLocation();
  const [viewsOpenAt, setViewsOpenAt] = useState<string | null>(null);
  const pane = conversationId ? 'conversation' : viewsOpenAt === location.key ? 'views' : 'list';

  const suffix = q ? `?q=${encodeURIComponent(q)}` : '';
  const linkFor = (id: string) => `/inbox/${view.key}/${encodeURIComponent(id)}${suffix}`;

  // The keyboard handler of the latest render, swapped in as the page commits (a passive effect runs after paint:
  // a key pressed right as a conversation appeared went to the previous render's list and conversation).
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  // Listening from the commit too (not after the paint): a key pressed the moment the inbox appears is not lost.
  useLayoutEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  useLayoutEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target)) return;
      // r was pressed while the conversation loaded: what follows is the reply being typed, not shortcuts.
      if (conversation.current?.awaitingComposer()) {
        event.preventDefault();
        return;
      }
      // Keys inside a menu or dialog (snooze, pin) belong to it; Enter on a focused button or link presses it.
      if (event.target instanceof Element && event.target.closest('[role="dialog"], [role="menu"]')) return;
      if (event.key === 'Enter' && event.target instanceof Element && event.target.closest('button, a[href], summary')) return;
      if (showHelp) {
        if (event.key === 'Escape' || event.key === '?') setShowHelp(false);
        return;
      }
      // A dialog (forward, new conversation) has the keyboard until it closes.
      if (composingNew || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const open = (index: number) => {
        const item = items[index];
        if (item) navigate(linkFor(item.id));
      };
      // After closing, snoozing or assigning: the row below the one being worked on (the one above at the end), as
      // the list stood before the change took it away.
      const here = items.findIndex((item) => item.id === conversationId);
      const nextItem = here >= 0 ? (items[here + 1] ?? items[here - 1]) : undefined;
      const openNext = () => {
        if (nextItem) navigate(linkFor(nextItem.id));
      };
      // j/k take the keyboard to the list: a link or button focused by an earlier click (the row opened, the top
      // bar's Inbox) lets go of it, so the Enter that follows opens the row j/k chose instead of pressing that link.
      const toTheList = () => {
        const focused = document.activeElement;
        if (focused instanceof HTMLElement && focused.matches('a[href], button, summary')) focused.blur();
      };
      switch (event.key) {
        case 'j':
          toTheList();
          moveCursor(1);
          break;
        case 'k':
          toTheList();
          moveCursor(-1);
          break;
        case 'Enter':
        case 'o':
          open(Math.max(cursor, 0));
          break;
        case 'r':
          conversation.current?.reply();
          break;
        case 'n':
          conversation.current?.note();
          break;
        case 'e':
          void conversation.current?.close().then(openNext, () => undefined);
          break;
        case 'a':
          void conversation.current?.assignToMe().then(openNext, () => undefined);
          break;
        case 's':
          conversation.current?.snooze(openNext);
          break;
        case 'p':
          conversation.current?.pin();
          break;
        case 'f':
          conversation.current?.forward();
          break;
        case 'c':
          setComposingNew(true);
          break;
        case 'z': {
          // The newest Undo offer still open in the corner stack.
          const offers = [...document.querySelectorAll<HTMLElement>('.undo-stack [data-offered-at]')].sort((a, b) => Number(a.dataset.offeredAt) - Number(b.dataset.offeredAt));
          const undo = offers.map((offer) => offer.querySelector<HTMLButtonElement>('.undo-banner-action')).filter((button) => button && !button.disabled).at(-1);
          if (!undo) return;
          undo.click();
          break;
        }
        case 't':
          conversation.current?.acceptSuggestion();
          break;
        case 'm':
          conversation.current?.merge();
          break;
        case '/':
          searchBox.current?.focus();
          searchBox.current?.select();
          break;
        case '?':
          setShowHelp(true);
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    onKeyRef.current = onKey;
  });

  return (
    <div className="inbox" data-pane={pane}>
      <nav className="inbox-views" aria-label="Inbox views">
        <button type="button" className="button phone-only pane-button" onClick={() => setViewsOpenAt(null)}>
          ← Back to {view.label}
        </button>
        <ul>
          {VIEWS.map((entry) => (
            <li key={entry.key}>
              <NavLink to={`/inbox/${entry.key}`} className={() => (entry.key === view.key ? 'active' : '')}>
                {entry.label}
                <ViewCount count={countOf(entry.key)} />
              </NavLink>
            </li>
          ))}
        </ul>
        {mailboxes.data?.length ? (
          <>
            <h2 className="small muted">Mailboxes</h2>
            <ul>
              {mailboxes.data.map((mailbox) => (
                <li key={mailbox.id}>
                  <NavLink to={`/inbox/mailbox-${mailbox.id}`} className={() => (view.mailboxId === mailbox.id ? 'active' : '')}>
                    {mailbox.name}
                    <ViewCount count={countOf(`mailbox-${mailbox.id}`)} />
                  </NavLink>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <button type="button" className="button button-small button-quiet shortcuts-button" onClick={() => setShowHelp(true)}>
          Keyboard shortcuts <kbd className="keyboard-hint">?</kbd>
        </button>
      </nav>
      <div className="inbox-list">
        <button type="button" className="button phone-only pane-button" aria-expanded={false} onClick={() => setViewsOpenAt(location.key)}>
          Views · {view.label}
        </button>
        <div className="inbox-list-tools">
          <button type="button" className="button button-small" onClick={() => setComposingNew(true)} title="Start an email to a customer (c)" data-testid="new-conversation-button">
            New conversation
          </button>
        </div>
        <form
          role="search"
          className="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            const next = new URLSearchParams(searchParameters);
            if (searchText.trim()) next.set('q', searchText.trim());
            else next.delete('q');
            setSearchParameters(next);
            searchBox.current?.blur();
          }}
        >
          <label className="visually-hidden" htmlFor="inbox-search">
            Search conversations
          </label>
          <input
            id="inbox-search"
            ref={searchBox}
            type="search"
            value={searchText}
            placeholder={TOUCH_ONLY ? 'Search all' : 'Search all (press /)'}
            title="Search all conversations: words, from:someone, in:open, in:closed, in:replies, in:notes"
            onChange={(event) => setSearchText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
          />
        </form>
        {q ? <SearchScopeBar q={q} view={view} onSearch={(next) => {
          const parameters = new URLSearchParams(searchParameters);
          parameters.set('q', next);
          setSearchParameters(parameters);
        }} /> : null}
        <h1 className="visually-hidden">{view.label}</h1>
        <ConversationList view={view} q={q} selectedId={conversationId} cursorIndex={cursor} onItems={setItems} linkFor={linkFor} />
      </div>
      <div className="inbox-conversation">
        {conversationId ? (
          <button type="button" className="button phone-only pane-button" onClick={() => navigate(`/inbox/${view.key}${suffix}`)}>
            ← Back to {view.label}
          </button>
        ) : null}
        {conversationId ? (
          <ConversationView key={conversationId} ref={conversation} id={conversationId} />
        ) : (
          <div className="inbox-welcome">
            <LatestHandoffNotes />
            {/* Only beside a list with rows (an empty one says why it is empty). The keys only where there is likely a
                keyboard (a touch-only tablet gets the first sentence). */}
            {items.length > 0 ? (
              <p className="muted" data-testid="inbox-welcome-hint">
                Pick a conversation from the list.
                <span className="keyboard-hint">
                  {' '}
                  Or press <kbd>j</kbd> to select the first one and <kbd>Enter</kbd> to open it; <kbd>?</kbd> lists every shortcut.
                </span>
              </p>
            ) : null}
          </div>
        )}
      </div>
      {showHelp ? <ShortcutsHelp onClose={() => setShowHelp(false)} /> : null}
      {/* Undo offers stack in one corner: a close and a new conversation a second apart each keep their Undo. */}
      <div className="undo-stack">
        <MergeUndoBanner />
        <CloseUndoBanner />
        <StartUndoBanner
          onUndone={(draft) => {
            setUndoneNew(draft);
            setComposingNew(true);
          }}
          onOpen={(id) => navigate(`/inbox/${view.key}/${encodeURIComponent(id)}`)}
        />
      </div>
      {composingNew ? (
        <NewConversationDialog
          key={undoneNew ? 'undone' : 'new'}
          mailboxes={mailboxes.data ?? []}
          viewMailboxId={view.mailboxId}
          undone={undoneNew}
          onClose={() => {
            setComposingNew(false);
            setUndoneNew(null);
          }}
          onStarted={(result, sent) => {
            setComposingNew(false);
            setUndoneNew(null);
            // Held for the undo time: the countdown with Undo; sent at once: open it.
            if (result.sendAfter) offerStartUndo(result, sent.subject, sent.to);
            else navigate(`/inbox/${view.key}/${encodeURIComponent(result.conversationId)}`);
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * A search covers every conversation (spam aside); the view it was started from is one click away
 * as a filter written into the search (`in:open`), so what is searched is always visible as text.
 */
function SearchScopeBar({ q, view, onSearch }: { q: string; view: InboxView; onSearch: (q: string) => void }) {
  const filter = searchFilterFor(view);
  const tokens = q.toLowerCase().split(/\s+/);
  const scoped = tokens.some((token) => token.startsWith('in:') || token.startsWith('status:'));
  const ours = tokens.some((token) => /^in:.*\b(replies|notes)\b/.test(token));
  return (
    <p className="search-scope" data-testid="search-scope">
      <span>
        {scoped ? 'Filtered as written' : 'All conversations'} · {ours ? 'our replies and notes' : "customers' words"}
      </span>
      {!scoped && filter ? (
        <button type="button" className="button button-small button-quiet" onClick={() => onSearch(`${q} ${filter}`)}>
          Only {view.label}
        </button>
      ) : null}
      {!ours ? (
        <button type="button" className="button button-small button-quiet" onClick={() => onSearch(`${q} in:replies,notes`)}>
          Search our replies and notes
        </button>
      ) : null}
    </p>
  );
}
