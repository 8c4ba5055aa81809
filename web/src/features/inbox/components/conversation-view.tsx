import { useQuery } from '@tanstack/react-query';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { ConversationStatusDto, MessageDto, UndoneReplyDto } from '../../../../../api/src/conversations/conversations.types';
import { ErrorState, Spinner } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { useSession } from '../../auth/api/get-session';
import { usePeople } from '../../people/api/get-people';
import { announcePresence, presenceQuery, useConversation, useResend, useUpdateConversation } from '../api/conversations';
import { CustomerPanel } from '../../customers/components/customer-panel';
import { FeedbackPanel, type FeedbackPanelHandle } from '../../feedback/components/feedback-panel';
import { currentWordSelection, type WordSelection } from '../../feedback/components/selection';
import { Composer, type ComposerHandle } from './composer';
import { MergeDialog } from './merge-dialog';
import { offerMergeUndo } from './merge-undo';
import { ForwardDialog, hasNoSender, NoSenderNotice } from './forward-dialog';
import { MessageView } from './message-view';
import { scrollMessageIntoPane } from './scroll-into-pane';
import { offerCloseUndo } from './close-undo';
import { SnoozeMenu } from './snooze-menu';
import { SplitDialog } from './split-dialog';

export interface ConversationViewHandle {
  reply(): void;
  note(): void;
  /** Resolve once the change is saved (the inbox then opens the next row). */
  close(): Promise<void>;
  assignToMe(): Promise<void>;
  /** Opens the snooze menu; `onSnoozed` runs once a time was chosen and saved. */
  snooze(onSnoozed?: () => void): void;
  pin(): void;
  acceptSuggestion(): void;
  /** Opens "Merge with…". */
  merge(): void;
  /** Opens the forward dialog on the newest customer message (the whole conversation one click away). */
  forward(): void;
  /** r or n was pressed while the conversation was still loading: the composer takes the keyboard once it is there. */
  awaitingComposer(): boolean;
}

/** Emails that can be split from one another (the API's count: notes and activity stay). */
const SPLITTABLE_KINDS = new Set<MessageDto['kind']>(['email', 'auto_reply', 'bounce']);

const STATUS_ACTIONS: { status: ConversationStatusDto; label: string }[] = [
  { status: 'open', label: 'Open' },
  { status: 'pending', label: 'Pending' },
  { status: 'closed', label: 'Closed' },
  { status: 'spam', label: 'Spam' },
  { status: 'bulk', label: 'Bulk' },
];

/** The conversation a 404 says this one was merged into (`error.mergedInto`), if it says so. */
function mergedIntoOf(error: unknown): string | null {
  const into = error instanceof ApiError && error.status === 404 ? error.extra.mergedInto : undefined;
  return typeof into === 'string' && /^\d+$/.test(into) ? into : null;
}

/** An absorbed conversation's address (a link, a notification, an open tab): where it lives now. */
function MergedNotice({ into, to }: { into: string; to: string }) {
  return (
    <div className="empty merged-notice" role="status" data-testid="merged-notice">
      <h2>This conversation was merged into #{into}</h2>
      <p>Its messages are there now, with the other conversation’s, in the order they arrived.</p>
      <Link className="button button-primary" to={to}>
        Open #{into}
      </Link>
    </div>
  );
}

/** A conversation that does not exist (a mistyped or made-up address): nothing to try again, a way back instead. */
function MissingNotice({ id, inboxPath }: { id: string; inboxPath: string }) {
  return (
    <div className="empty merged-notice" role="status" data-testid="missing-conversation">
      <h2>{/^\d+$/.test(id) ? `Conversation #${id} does not exist` : 'This conversation does not exist'}</h2>
      <p>Check the link you followed, or find the conversation from the inbox.</p>
      <Link className="button button-primary" to={inboxPath}>
        Back to the inbox
      </Link>
    </div>
  );
}

function Presence({ conversationId, me }: { conversationId: string; me: string | undefined }) {
  const presence = useQuery({ ...presenceQuery(conversationId), refetchInterval: 30_000 });
  // Presence lasts 40 s without a repeat: keep saying we are here while the conversation is open.
  useEffect(() => {
    const say = () => void announcePresence(conversationId, 'viewing').catch(() => undefined);
    say();
    const timer = window.setInterval(say, 15_000);
    return () => {
      window.clearInterval(timer);
      void announcePresence(conversationId, 'left').catch(() => undefined);
    };
  }, [conversationId]);
  const others = (presence.data ?? []).filter((entry) => entry.person.id !== me);
  if (others.length === 0) return null;
  return (
    <p className={`presence${others.some((entry) => entry.state === 'replying') ? ' presence-replying' : ''}`} role="status" data-testid="presence">
      {others.map((entry) => `${entry.person.name} is ${entry.state === 'replying' ? 'writing a reply' : 'viewing'}`).join(' · ')}
    </p>
  );
}

export const ConversationView = forwardRef<ConversationViewHandle, { id: string }>(function ConversationView({ id }, ref) {
  const conversation = useConversation(id);
  const session = useSession();
  const people = usePeople();
  const update = useUpdateConversation(id);
  const resend = useResend();
  const composer = useRef<ComposerHandle>(null);
  const [snoozing, setSnoozing] = useState(false);
  const afterSnooze = useRef<(() => void) | undefined>(undefined);
  const openedAt = useRef<string | null>(null);
  const [newIds, setNewIds] = useState<string[]>([]);
  const [held, setHeld] = useState<{ message: string; sendAnyway: () => void } | null>(null);
  const [selection, setSelection] = useState<WordSelection | null>(null);
  // The forward dialog: on a message (its id), on the whole conversation (null), or closed (undefined).
  const [forwarding, setForwarding] = useState<string | null | undefined>(undefined);
  // A forward taken back with Undo: what its dialog had, to open it with again.
  const [undoneForward, setUndoneForward] = useState<UndoneReplyDto['draft'] | null>(null);
  const panel = useRef<FeedbackPanelHandle>(null);
  const [merging, setMerging] = useState(false);
  const [splitting, setSplitting] = useState<MessageDto | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const me = session.data?.person;
  /** Another conversation in the same view (the path ends with the open conversation's id). */
  const conversationPath = (conversationId: string) => `${location.pathname.replace(/\/[^/]*$/, '')}/${encodeURIComponent(conversationId)}${location.search}`;
  const openConversation = (conversationId: string) => navigate(conversationPath(conversationId));

  // The last selection of customer words stays until it is pinned or replaced (clicking a button must not lose it).
  useEffect(() => {
    const onChange = () => {
      const next = currentWordSelection();
      if (next) setSelection(next);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  // r or n before the composer exists (the conversation still loading): focus it as soon as it does, and until
  // then the inbox keeps the letters typed meanwhile from running shortcuts (a sentence of e, s, a would close,
  // snooze and assign). Given up after a few seconds, should the conversation never load.
  const pendingFocus = useRef<{ mode: 'reply' | 'note'; until: number } | null>(null);
  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    if (composer.current) {
      pendingFocus.current = null;
      composer.current.focus(pending.mode);
    }
  });
  const focusComposer = (mode: 'reply' | 'note') => {
    if (composer.current) composer.current.focus(mode);
    else pendingFocus.current = { mode, until: Date.now() + 5000 };
  };

  useImperativeHandle(ref, () => ({
    reply: () => focusComposer('reply'),
    note: () => focusComposer('note'),
    awaitingComposer: () => {
      const pending = pendingFocus.current;
      if (pending && pending.until < Date.now()) pendingFocus.current = null;
      return pendingFocus.current !== null;
    },
    close: async () => {
      const before = conversation.data;
      await update.mutateAsync({ status: 'closed' });
      if (before && before.status !== 'closed') offerCloseUndo(before);
    },
    assignToMe: async () => {
      if (me) await update.mutateAsync({ assigneeId: me.id });
    },
    snooze: (onSnoozed) => {
      afterSnooze.current = onSnoozed;
      setSnoozing(true);
    },
    pin: () => panel.current?.pinSelection(),
    acceptSuggestion: () => panel.current?.acceptSuggestion(),
    merge: () => setMerging(true),
    forward: () => {
      const messages = conversation.data?.messages ?? [];
      const newest = messages.filter((message) => message.direction === 'in' && message.kind === 'email').at(-1) ?? messages.filter((message) => message.kind === 'email').at(-1);
      setForwarding(newest?.id ?? null);
    },
  }));

  // The conversation opens where the work is: at the newest customer message (once, when it first loads).
  useEffect(() => {
    if (!conversation.data || openedAt.current === conversation.data.id) return;
    openedAt.current = conversation.data.id;
    const customer = conversation.data.messages.filter((message) => message.direction === 'in' && message.kind === 'email').at(-1);
    if (!customer) return;
    window.requestAnimationFrame(() => scrollMessageIntoPane(customer.id));
  }, [conversation.data]);

  if (conversation.isPending) return <Spinner label="Loading the conversation…" />;
  if (conversation.isError) {
    const mergedInto = mergedIntoOf(conversation.error);
    if (mergedInto) return <MergedNotice into={mergedInto} to={conversationPath(mergedInto)} />;
    // Asking again will not make it exist; a network or server failure may pass, so those keep Try again.
    if (conversation.error instanceof ApiError && conversation.error.status === 404) return <MissingNotice id={id} inboxPath={`${location.pathname.replace(/\/[^/]*$/, '')}${location.search}`} />;
    return <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} />;
  }
  const data = conversation.data;
  const splittable = data.messages.filter((message) => SPLITTABLE_KINDS.has(message.kind)).length > 1;

  return (
    <section className="conversation" aria-label={`Conversation ${data.number}`}>
      <header className="conversation-header">
        <div>
          <h1 className="conversation-subject">{data.subject || '(no subject)'}</h1>
          <p className="muted small">
            #{data.number} · {data.contact.name ? `${data.contact.name} <${data.contact.email}>` : data.contact.email} · {data.mailbox.name}
          </p>
        </div>
        <div className="conversation-actions">
          <label className="small">
            Status{' '}
            <select
              value={data.status}
              aria-label="Status"
              disabled={update.isPending}
              onChange={(event) => {
                const status = event.target.value as ConversationStatusDto;
                if (status === 'snoozed') setSnoozing(true);
                else update.mutate({ status });
              }}
            >
              {STATUS_ACTIONS.map((action) => (
                <option key={action.status} value={action.status}>
                  {action.label}
                </option>
              ))}
              <option value="snoozed">{data.status === 'snoozed' ? 'Snoozed' : 'Snooze…'}</option>
            </select>
          </label>
          <label className="small">
            Assignee{' '}
            <select
              value={data.assignee?.id ?? ''}
              aria-label="Assignee"
              disabled={update.isPending}
              onChange={(event) => update.mutate({ assigneeId: event.target.value || null })}
            >
              <option value="">Unassigned</option>
              {(people.data ?? [])
                .filter((person) => person.active || person.id === data.assignee?.id)
                .map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
            </select>
          </label>
          {me && data.assignee?.id !== me.id ? (
            <button type="button" className="button button-small" onClick={() => update.mutate({ assigneeId: me.id })} title="Assign to me (a)">
              Take it
            </button>
          ) : null}
          <button type="button" className="button button-small" onClick={() => setForwarding(null)} title="Forward the whole conversation, or one message (f)">
            Forward…
          </button>
          {data.status !== 'closed' ? (
            <button type="button" className="button button-small" onClick={() => update.mutate({ status: 'closed' }, { onSuccess: () => offerCloseUndo(data) })} title="Close (e)">
              Close
            </button>
          ) : null}
          <button type="button" className="button button-small" onClick={() => setMerging(true)} title="Merge with another conversation of this customer (m)" aria-keyshortcuts="m">
            Merge with…
          </button>
        </div>
      </header>
      {merging ? (
        <MergeDialog
          conversation={data}
          onClose={() => setMerging(false)}
          onMerged={(result, absorbed, survivor) => {
            setMerging(false);
            offerMergeUndo(result, survivor.number, absorbed);
            if (result.conversationId !== data.id) openConversation(result.conversationId);
          }}
        />
      ) : null}
      {splitting ? (
        <SplitDialog
          conversation={data}
          message={splitting}
          onClose={() => setSplitting(null)}
          onSplit={(conversationId) => {
            setSplitting(null);
            openConversation(conversationId);
          }}
        />
      ) : null}
      {snoozing ? (
        <SnoozeMenu
          onClose={() => {
            afterSnooze.current = undefined;
            setSnoozing(false);
          }}
          onSnooze={(until) => {
            setSnoozing(false);
            const then = afterSnooze.current;
            afterSnooze.current = undefined;
            update.mutate({ status: 'snoozed', snoozedUntil: until.toISOString() }, { onSuccess: () => then?.() });
          }}
        />
      ) : null}
      {update.isError ? <div className="banner banner-error" role="alert">{update.error.message}</div> : null}
      <Presence conversationId={data.id} me={me?.id} />
      {held ? (
        <div className="banner banner-warning held-banner" role="alert" data-testid="held-banner">
          {held.message}{' '}
          <button type="button" className="button button-small" onClick={held.sendAnyway}>
            Send anyway
          </button>
        </div>
      ) : null}
      <div className="conversation-body">
        <div className="timeline">
          {data.messages.map((message) => (
            <MessageView
              key={message.id}
              message={message}
              isNew={newIds.includes(message.id)}
              onResend={(messageId) => resend.mutate(messageId)}
              resending={resend.isPending}
              onSplit={splittable && message.direction === 'in' && message.kind === 'email' ? setSplitting : undefined}
              onForward={setForwarding}
            />
          ))}
        </div>
        <div className="conversation-side">
          <CustomerPanel conversationId={data.id} />
          <FeedbackPanel
            ref={panel}
            conversationId={data.id}
            selection={selection}
            onPinned={() => {
              setSelection(null);
              window.getSelection()?.removeAllRanges();
            }}
          />
        </div>
      </div>
      {hasNoSender(data) ? <NoSenderNotice onForward={() => setForwarding(data.messages.filter((message) => message.kind === 'email').at(-1)?.id ?? null)} /> : null}
      {forwarding !== undefined ? (
        <ForwardDialog
          key={undoneForward ? 'undone' : 'new'}
          conversation={data}
          messageId={forwarding}
          undone={undoneForward}
          onClose={() => {
            setForwarding(undefined);
            setUndoneForward(null);
          }}
        />
      ) : null}
      <Composer
        ref={composer}
        conversation={data}
        signature={me?.signature ?? ''}
        meId={me?.id}
        onArrived={setNewIds}
        onHeld={(message, sendAnyway) => setHeld(message ? { message, sendAnyway } : null)}
        onForwardUndone={(draft) => {
          setUndoneForward(draft);
          setForwarding(draft.forward?.messageId ?? null);
        }}
      />
    </section>
  );
});
