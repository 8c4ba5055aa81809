import { useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { ConversationDto, UndoneReplyDto } from '../../../../../api/src/conversations/conversations.types';
import { ApiError } from '../../../lib/api-client';
import { useSession } from '../../auth/api/get-session';
import { useMentionAutocomplete } from '../../notifications/components/mention-autocomplete';
import { useSavedReplyPicker } from '../../saved-replies/components/saved-reply-picker';
import '../../saved-replies/saved-replies.css';
import { announcePresence, conversationQuery, useAddNote, useSendReply } from '../api/conversations';
import { scrollMessageIntoPane } from './scroll-into-pane';
import { arrivedMeanwhile, seenStateOf, writersOf, type SeenState } from './arrived-meanwhile';
import { AttachmentList, useComposerAttachments } from './composer-attachments';
import { UndoSendBar } from './undo-send-bar';
import { defaultRecipientFields, looksLikeAddress, newcomers, parseAddresses, recipientCount, type RecipientFields } from './reply-recipients';

export interface ComposerHandle {
  focus(mode: 'reply' | 'note'): void;
}

const draftKey = (conversationId: string, mode: 'reply' | 'note') => `wholegrain.draft.${conversationId}.${mode}`;

function readDraft(conversationId: string, mode: 'reply' | 'note'): string {
  try {
    return window.localStorage.getItem(draftKey(conversationId, mode)) ?? '';
  } catch {
    return '';
  }
}

function writeDraft(conversationId: string, mode: 'reply' | 'note', text: string): void {
  try {
    if (text) window.localStorage.setItem(draftKey(conversationId, mode), text);
    else window.localStorage.removeItem(draftKey(conversationId, mode));
  } catch {
    // Private mode or a full storage: the draft lives as long as the page.
  }
}

/** What happens to the conversation after a reply: the mailbox's setting, or the person's choice (remembered per person). */
type AfterSend = 'default' | 'open' | 'closed';
const AFTER_SEND_LABELS: Record<AfterSend, string> = { default: 'Send', open: 'Send and keep open', closed: 'Send and close' };
const afterSendKey = (personId: string | undefined) => `wholegrain.afterSend.${personId ?? 'anyone'}`;

function readAfterSend(personId: string | undefined): AfterSend {
  try {
    const value = window.localStorage.getItem(afterSendKey(personId));
    return value === 'open' || value === 'closed' ? value : 'default';
  } catch {
    return 'default';
  }
}

/** Scrolls the thread to a message's words (the first of what arrived meanwhile), once the banner is drawn. */
function scrollToMessage(id: string | undefined): void {
  // Two frames: the banner above the thread renders first, then the words go just below it.
  window.requestAnimationFrame(() => window.requestAnimationFrame(() => scrollMessageIntoPane(id)));
}

/**
 * Reply (emailed to the customer) or note (for the team only). Drafts survive a reload; Ctrl+Enter
 * sends. The composer remembers what the person had in front of them when they started writing
 * (`seen`); a customer's mail or a teammate's message arriving after that holds the reply: a banner
 * names who wrote, the thread scrolls to the new words, and only "Send anyway" or a second
 * Ctrl+Enter (after the hold) sends it. The server checks the same version again (409 on a race).
 */
export const Composer = forwardRef<
  ComposerHandle,
  {
    conversation: ConversationDto;
    signature: string;
    meId: string | undefined;
    onArrived: (newMessageIds: string[]) => void;
    /** The held send's explanation (shown above the thread too, where the new words are), or null. */
    onHeld?: (message: string | null, sendAnyway: () => void) => void;
    onSent?: () => void;
    /** A forward taken back with Undo: its dialog opens again with the note, recipients and files. */
    onForwardUndone?: (draft: UndoneReplyDto['draft']) => void;
  }
>(function Composer({ conversation, signature, meId, onArrived, onHeld, onSent, onForwardUndone }, ref) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState(() => readDraft(conversation.id, 'reply'));
  const [focused, setFocused] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  // What the person had looked at when they opened the composer, and what a held send showed them.
  const [seen, setSeen] = useState<SeenState>(() => seenStateOf(conversation));
  const [held, setHeld] = useState<SeenState | null>(null);
  const acknowledged = held ?? seen;
  const [afterSend, setAfterSend] = useState<AfterSend>(() => readAfterSend(meId));
  const meanwhile = arrivedMeanwhile(conversation.messages, acknowledged, meId);
  const sinceOpened = arrivedMeanwhile(conversation.messages, seen, meId);
  const meanwhileKey = sinceOpened.map((message) => message.id).join(' ');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const sendReply = useSendReply(conversation.id);
  const addNote = useAddNote(conversation.id);
  const busy = sendReply.isPending || addNote.isPending;
  const lastTyped = useRef(0);
  const mentions = useMentionAutocomplete({ enabled: mode === 'note', text, textarea, onChange: (value) => update(value) });
  const session = useSession();
  const savedReplies = useSavedReplyPicker({
    text,
    textarea,
    sources: { customerName: conversation.contact.name, myName: session.data?.person.name ?? null, conversationNumber: conversation.number, mailboxName: conversation.mailbox.name },
    onChange: (value) => update(value),
  });
  const queryClient = useQueryClient();
  const attachments = useComposerAttachments(conversation.id);
  const filePicker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  // Null: the defaults (the customer and the conversation's Cc participants), following the conversation.
  const [edited, setEdited] = useState<RecipientFields | null>(null);
  const [editingRecipients, setEditingRecipients] = useState(false);
  const [confirmedNewcomers, setConfirmedNewcomers] = useState('');
  // The message asks for a second look (a warning), not about a failure.
  const [caution, setCaution] = useState(false);
  const recipients = edited ?? defaultRecipientFields(conversation);
  const outsiders = mode === 'reply' ? newcomers(recipients, conversation) : [];
  const people = recipientCount(recipients);

  useImperativeHandle(ref, () => ({
    focus(next) {
      switchMode(next);
      window.setTimeout(() => textarea.current?.focus(), 0);
    },
  }));

  // The thread highlights what arrived since the composer was opened. After the server refused a
  // send (it knew of mail the page had not shown yet), the refetched mail puts the send on hold.
  useEffect(() => {
    onArrived(meanwhileKey ? meanwhileKey.split(' ') : []);
    if (stale && !held && sinceOpened.length > 0) {
      setHeld(seenStateOf(conversation));
      scrollToMessage(sinceOpened[0]?.id);
    }
  }, [meanwhileKey, stale]); // eslint-disable-line react-hooks/exhaustive-deps

  // The banner above the thread sends through the current draft (a ref, not a stale closure).
  const submitRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    submitRef.current = submit;
  });
  useEffect(() => {
    onHeld?.(held && error ? error : null, () => submitRef.current());
  }, [held, error]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Opening an empty composer starts from what is on screen now. */
  function opened() {
    if (!text.trim() && !held && !busy) setSeen(seenStateOf(conversation));
  }

  // Tell teammates we are writing a reply (repeated while typing, dropped a while after).
  useEffect(() => {
    if (mode !== 'reply' || !text.trim()) return;
    const now = Date.now();
    if (now - lastTyped.current < 10_000) return;
    lastTyped.current = now;
    void announcePresence(conversation.id, 'replying').catch(() => undefined);
  }, [text, mode, conversation.id]);

  function switchMode(next: 'reply' | 'note') {
    if (next === mode) return;
    writeDraft(conversation.id, mode, text);
    setMode(next);
    setText(readDraft(conversation.id, next));
    setError(null);
  }

  function update(value: string) {
    setText(value);
    writeDraft(conversation.id, mode, value);
  }

  function wrap(marker: string) {
    const element = textarea.current;
    if (!element) return;
    const { selectionStart, selectionEnd } = element;
    const selected = text.slice(selectionStart, selectionEnd) || 'text';
    update(`${text.slice(0, selectionStart)}${marker}${selected}${marker}${text.slice(selectionEnd)}`);
    window.setTimeout(() => {
      element.focus();
      element.setSelectionRange(selectionStart + marker.length, selectionStart + marker.length + selected.length);
    }, 0);
  }

  /** `confirmed`: the button, whose label names how many people get the reply, was pressed. */
  function submit(confirmed = false) {
    if (!text.trim() || busy) return;
    setError(null);
    setCaution(false);
    const done = (after: ConversationDto) => {
      writeDraft(conversation.id, mode, '');
      setText('');
      if (mode === 'reply') {
        attachments.clear();
        setEdited(null);
        setEditingRecipients(false);
        setConfirmedNewcomers('');
      }
      setStale(false);
      setHeld(null);
      setSeen(seenStateOf(after));
      // Focus goes back to the page, so j/k and the other shortcuts work at once.
      textarea.current?.blur();
      if (mode === 'reply') void announcePresence(conversation.id, 'viewing').catch(() => undefined);
      onSent?.();
    };
    if (mode === 'note') {
      addNote.mutate(text, { onSuccess: done, onError: (failure) => setError(failure.message) });
      return;
    }
    if (attachments.uploading) {
      setError('Wait a moment: a file is still uploading.');
      return;
    }
    if (attachments.files.some((file) => file.state === 'failed')) {
      setError('Take out the files that could not be attached (×), then send.');
      return;
    }
    const to = parseAddresses(recipients.to);
    const cc = parseAddresses(recipients.cc);
    const bcc = parseAddresses(recipients.bcc);
    const wrong = [...to, ...cc, ...bcc].filter((address) => !looksLikeAddress(address));
    if (to.length === 0 || wrong.length > 0) {
      setEditingRecipients(true);
      setError(to.length === 0 ? 'Name at least one recipient in To.' : `Not an email address: ${wrong.join(', ')}. Correct the recipients, then send.`);
      return;
    }
    if (outsiders.length > 0 && !confirmed && confirmedNewcomers !== outsiders.join(' ')) {
      // A second look before mail goes to someone this conversation never included.
      setConfirmedNewcomers(outsiders.join(' '));
      setCaution(true);
      setEditingRecipients(true);
      setError(
        `${outsiders.join(', ')} ${outsiders.length === 1 ? 'is' : 'are'} not part of this conversation yet. Check the recipients, then press Ctrl+Enter again or “Send to ${people} ${people === 1 ? 'person' : 'people'}”.`,
      );
      return;
    }
    if (meanwhile.length > 0) {
      // Hold: show who wrote and where; the next Ctrl+Enter or "Send anyway" sends.
      setHeld(seenStateOf(conversation));
      setStale(true);
      setError(`Not sent: ${writersOf(meanwhile)} wrote while you were writing. Read the new message, then press Ctrl+Enter again or “Send anyway”.`);
      scrollToMessage(meanwhile[0]?.id);
      return;
    }
    sendReply.mutate(
      // Everything in this version was either looked at, acknowledged in a hold, or no news (activity, our own writing).
      {
        text,
        seenVersion: conversation.version,
        ...(afterSend === 'default' ? {} : { after: afterSend }),
        ...(attachments.readyIds.length ? { attachmentIds: attachments.readyIds } : {}),
        to,
        cc,
        bcc,
      },
      {
        onSuccess: (result) => done(result.conversation),
        onError: (failure) => {
          setError(failure.message);
          if (failure instanceof ApiError && failure.status === 409 && failure.code === 'conflict') {
            // The server saw mail the page had not shown yet: the refetch brings it, and the next send holds on it.
            setStale(true);
            setHeld(null);
            void queryClient.invalidateQueries({ queryKey: conversationQuery(conversation.id).queryKey });
          }
        },
      },
    );
  }

  return (
    <section
      className={`composer composer-${mode}${focused || text || attachments.files.length || editingRecipients ? '' : ' is-collapsed'}${dragging ? ' is-dragging' : ''}`}
      aria-label="Reply"
      data-testid="composer"
      // Open while anything in it has focus (the text, the recipients, the buttons), one line otherwise;
      // not for the Undo countdown (growing under the pointer would move the button mid-click).
      onFocus={(event) => {
        if (!(event.target instanceof Element && event.target.closest('.undo-send'))) setFocused(true);
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
      // Files dropped anywhere on the composer are attached to the reply.
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        const dropped = [...event.dataTransfer.files];
        setDragging(false);
        if (dropped.length === 0) return;
        event.preventDefault();
        switchMode('reply');
        attachments.add(dropped);
      }}
    >
      <UndoSendBar
        conversation={conversation}
        meId={meId}
        onUndone={({ draft, conversation: after }) => {
          if (draft.forward) return onForwardUndone?.(draft);
          // The reply comes back exactly as it was sent: words, recipients and files.
          writeDraft(conversation.id, 'note', mode === 'note' ? text : readDraft(conversation.id, 'note'));
          setMode('reply');
          setText(draft.text);
          writeDraft(conversation.id, 'reply', draft.text);
          setEdited({ to: draft.to.join(', '), cc: draft.cc.join(', '), bcc: draft.bcc.join(', ') });
          attachments.restore(draft.attachments);
          setError(null);
          setSeen(seenStateOf(after));
          window.setTimeout(() => textarea.current?.focus(), 0);
        }}
      />
      <div className="composer-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'reply'} className="button button-small" onClick={() => switchMode('reply')}>
          Reply to customer
        </button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className="button button-small" onClick={() => switchMode('note')}>
          Internal note
        </button>
        <span className="composer-format">
          {mode === 'reply' ? (
            <>
              <button type="button" className="button button-small button-quiet" title="Attach files (or drop them here, or paste an image)" onClick={() => filePicker.current?.click()}>
                Attach files
              </button>
              <input
                ref={filePicker}
                type="file"
                multiple
                hidden
                data-testid="composer-file-input"
                onChange={(event) => {
                  attachments.add([...(event.target.files ?? [])]);
                  event.target.value = '';
                }}
              />
            </>
          ) : null}
          <button
            type="button"
            className="button button-small button-quiet"
            title="Insert a saved reply (or type # and its name)"
            data-testid="composer-saved-replies"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              setFocused(true);
              savedReplies.openFromButton();
            }}
          >
            Saved replies
          </button>
          <button type="button" className="button button-small button-quiet" title="Bold (**text**)" onClick={() => wrap('**')}>
            <strong>B</strong>
          </button>
          <button type="button" className="button button-small button-quiet" title="Italic (_text_)" onClick={() => wrap('_')}>
            <em>I</em>
          </button>
        </span>
      </div>
      {!error && mode === 'reply' && text.trim() && sinceOpened.length > 0 && !held ? (
        <div className="banner banner-warning" role="status" data-testid="composer-arrived">
          {writersOf(sinceOpened)} wrote while you were typing.{' '}
          <button type="button" className="button button-small" onClick={() => scrollToMessage(sinceOpened[0]?.id)}>
            Show the new message
          </button>
        </div>
      ) : null}
      {error ? (
        <div className={`banner ${stale || caution ? 'banner-warning' : 'banner-error'}`} role="alert" data-testid="composer-error">
          {error}
        </div>
      ) : null}
      {mode === 'reply' ? (
        <div className="composer-recipients" data-testid="composer-recipients">
          {editingRecipients ? (
            (['to', 'cc', 'bcc'] as const).map((field) => (
              <label key={field} className="composer-recipient-field small">
                <span>{field === 'to' ? 'To' : field === 'cc' ? 'Cc' : 'Bcc'}</span>
                <input
                  type="text"
                  inputMode="email"
                  autoComplete="off"
                  value={recipients[field]}
                  placeholder={field === 'bcc' ? 'Blind copy (not shown to the others)' : ''}
                  onChange={(event) => setEdited({ ...recipients, [field]: event.target.value })}
                />
              </label>
            ))
          ) : (
            <>
              <span className="small composer-recipient-summary">
                To {recipients.to || '—'}
                {recipients.cc ? ` · Cc ${recipients.cc}` : ''}
                {recipients.bcc ? ` · Bcc ${recipients.bcc}` : ''}
              </span>
              <button type="button" className="button button-small button-quiet" onClick={() => setEditingRecipients(true)}>
                Cc/Bcc, edit recipients
              </button>
            </>
          )}
          {outsiders.length > 0 ? (
            <span className="small composer-newcomers" data-testid="composer-newcomers">
              New to this conversation: {outsiders.join(', ')}
            </span>
          ) : null}
        </div>
      ) : null}
      <label className="visually-hidden" htmlFor="composer-text">
        {mode === 'reply' ? 'Your reply' : 'Your note'}
      </label>
      <textarea
        id="composer-text"
        ref={textarea}
        className="composer-text"
        // One line until focused (or holding a draft), so the thread keeps the room.
        rows={focused || text ? 6 : 1}
        value={text}
        placeholder={mode === 'reply' ? `Reply to ${conversation.contact.name ?? conversation.contact.email}… (Ctrl+Enter to send)` : 'A note for the team; never emailed (Ctrl+Enter to add)'}
        onFocus={() => {
          setFocused(true);
          opened();
        }}
        onChange={(event) => {
          update(event.target.value);
          mentions.track(event.target);
          savedReplies.track(event.target);
        }}
        onSelect={(event) => {
          mentions.track(event.currentTarget);
          savedReplies.track(event.currentTarget);
        }}
        onPaste={(event) => {
          // A pasted screenshot becomes a file of the reply; pasted text stays text.
          const images = [...event.clipboardData.files].filter((file) => file.type.startsWith('image/'));
          if (mode !== 'reply' || images.length === 0) return;
          event.preventDefault();
          attachments.add(images, true);
        }}
        aria-controls={mentions.suggestions ? 'mention-suggestions' : savedReplies.activeOptionId ? 'saved-reply-options' : undefined}
        aria-activedescendant={savedReplies.activeOptionId}
        onKeyDown={(event) => {
          if (mentions.onKeyDown(event)) return;
          if (savedReplies.onKeyDown(event)) return;
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            submit();
          }
          if (event.key === 'Escape') textarea.current?.blur();
        }}
      />
      {mentions.suggestions}
      {savedReplies.picker}
      {dragging ? <div className="composer-drop muted">Drop the files to attach them to your reply</div> : null}
      {mode === 'reply' ? <AttachmentList attachments={attachments} /> : null}
      {mode === 'reply' && signature.trim() ? <pre className="signature-preview muted small">-- {'\n'}{signature}</pre> : null}
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy || !text.trim() || (mode === 'reply' && attachments.uploading)} onClick={() => submit(true)}>
          {busy ? 'Sending…' : mode === 'reply' && attachments.uploading ? 'Uploading…' : mode === 'reply' && outsiders.length > 0 && !held && !stale ? `Send to ${people} ${people === 1 ? 'person' : 'people'}` : mode === 'reply' ? (held || stale ? 'Send anyway' : AFTER_SEND_LABELS[afterSend]) : 'Add note'}
        </button>
        {mode === 'reply' ? (
          <label className="small composer-after">
            then{' '}
            <select
              aria-label="After sending"
              value={afterSend}
              onChange={(event) => {
                const next = event.target.value as AfterSend;
                setAfterSend(next);
                try {
                  window.localStorage.setItem(afterSendKey(meId), next);
                } catch {
                  // Not remembered in private mode; the choice holds for this page.
                }
              }}
            >
              <option value="default">{conversation.mailbox.afterReply === 'pending' ? 'pending: waiting for the customer' : conversation.mailbox.afterReply === 'closed' ? 'close' : 'keep open'} (mailbox setting)</option>
              <option value="open">keep open</option>
              <option value="closed">close</option>
            </select>
          </label>
        ) : null}
        <span className="muted small">{mode === 'reply' ? 'Emailed to the customer from the mailbox address.' : 'Only your team sees notes.'}</span>
      </div>
    </section>
  );
});
