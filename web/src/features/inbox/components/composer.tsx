import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { ConversationDto } from '../../../../../api/src/conversations/conversations.types';
import { ApiError } from '../../../lib/api-client';
import { useMentionAutocomplete } from '../../notifications/components/mention-autocomplete';
import { announcePresence, useAddNote, useSendReply } from '../api/conversations';

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

/**
 * Reply (emailed to the customer) or note (for the team only). Drafts survive a reload; Ctrl+Enter
 * sends; a reply refused because something new arrived keeps the draft and shows what is new.
 */
export const Composer = forwardRef<ComposerHandle, { conversation: ConversationDto; signature: string; onStale: (newMessageIds: string[]) => void }>(function Composer(
  { conversation, signature, onStale },
  ref,
) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState(() => readDraft(conversation.id, 'reply'));
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const sendReply = useSendReply(conversation.id);
  const addNote = useAddNote(conversation.id);
  const busy = sendReply.isPending || addNote.isPending;
  const lastTyped = useRef(0);
  const mentions = useMentionAutocomplete({ enabled: mode === 'note', text, textarea, onChange: (value) => update(value) });

  useImperativeHandle(ref, () => ({
    focus(next) {
      switchMode(next);
      window.setTimeout(() => textarea.current?.focus(), 0);
    },
  }));

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

  function submit() {
    if (!text.trim() || busy) return;
    setError(null);
    const done = () => {
      writeDraft(conversation.id, mode, '');
      setText('');
      setStale(false);
      if (mode === 'reply') void announcePresence(conversation.id, 'viewing').catch(() => undefined);
    };
    if (mode === 'note') {
      addNote.mutate(text, { onSuccess: done, onError: (failure) => setError(failure.message) });
      return;
    }
    sendReply.mutate(
      { text, seenVersion: conversation.version },
      {
        onSuccess: done,
        onError: (failure) => {
          setError(failure.message);
          if (failure instanceof ApiError && failure.status === 409 && failure.code === 'conflict') {
            setStale(true);
            onStale((failure.extra.newMessageIds as string[] | undefined) ?? []);
          }
        },
      },
    );
  }

  return (
    <section className={`composer composer-${mode}`} aria-label="Reply">
      <div className="composer-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'reply'} className="button button-small" onClick={() => switchMode('reply')}>
          Reply to customer
        </button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className="button button-small" onClick={() => switchMode('note')}>
          Internal note
        </button>
        <span className="composer-format">
          <button type="button" className="button button-small button-quiet" title="Bold (**text**)" onClick={() => wrap('**')}>
            <strong>B</strong>
          </button>
          <button type="button" className="button button-small button-quiet" title="Italic (_text_)" onClick={() => wrap('_')}>
            <em>I</em>
          </button>
        </span>
      </div>
      {error ? (
        <div className={`banner ${stale ? 'banner-warning' : 'banner-error'}`} role="alert" data-testid="composer-error">
          {error}
        </div>
      ) : null}
      <label className="visually-hidden" htmlFor="composer-text">
        {mode === 'reply' ? 'Your reply' : 'Your note'}
      </label>
      <textarea
        id="composer-text"
        ref={textarea}
        className="composer-text"
        rows={6}
        value={text}
        placeholder={mode === 'reply' ? `Reply to ${conversation.contact.name ?? conversation.contact.email}… (Ctrl+Enter to send)` : 'A note for the team; never emailed (Ctrl+Enter to add)'}
        onChange={(event) => {
          update(event.target.value);
          mentions.track(event.target);
        }}
        onSelect={(event) => mentions.track(event.currentTarget)}
        aria-controls={mentions.suggestions ? 'mention-suggestions' : undefined}
        onKeyDown={(event) => {
          if (mentions.onKeyDown(event)) return;
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            submit();
          }
          if (event.key === 'Escape') textarea.current?.blur();
        }}
      />
      {mentions.suggestions}
      {mode === 'reply' && signature.trim() ? <pre className="signature-preview muted small">-- {'\n'}{signature}</pre> : null}
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy || !text.trim()} onClick={submit}>
          {busy ? 'Sending…' : mode === 'reply' ? (stale ? 'Send anyway' : 'Send reply') : 'Add note'}
        </button>
        <span className="muted small">{mode === 'reply' ? 'Emailed to the customer from the mailbox address.' : 'Only your team sees notes.'}</span>
      </div>
    </section>
  );
});
