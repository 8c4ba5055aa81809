import { type KeyboardEvent, type RefObject, useState } from 'react';
import { Link } from 'react-router';
import { useSavedReplies, type SavedReplyDto } from '../api/saved-replies';
import { fillVariables, matchSavedReplies, savedReplyQueryAt, type VariableSources } from '../fill-variables';

/**
 * Saved replies in a composer textarea: typing `#` at the start of a word lists the team's and the
 * person's own saved replies whose name matches what follows (`#refund`); ↑/↓ choose, Enter or Tab
 * insert the text with its variables filled (replacing the `#query`), Escape closes. Only our own
 * composer text changes; the result stays editable before sending.
 */
export function useSavedReplyPicker({
  text,
  textarea,
  sources,
  onChange,
}: {
  text: string;
  textarea: RefObject<HTMLTextAreaElement | null>;
  sources: VariableSources;
  onChange: (value: string) => void;
}) {
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  // Where the toolbar button typed its `#`, and whether it put a space before it (Escape takes both back out).
  const [buttonHashAt, setButtonHashAt] = useState<number | null>(null);
  const [buttonSpace, setButtonSpace] = useState(false);
  const found = savedReplyQueryAt(text, caret);
  const typing = found && found.start !== dismissedAt ? found : null;
  const replies = useSavedReplies(typing !== null);
  const matches = typing ? matchSavedReplies(replies.data ?? [], typing.query) : [];
  const chosen = Math.min(active, Math.max(matches.length - 1, 0));
  // Keys are taken only while there is something to choose; `#123` with no match stays plain typing.
  const open = matches.length > 0;
  // The empty and loading states show for a bare `#` (or one typed by the button) only.
  const showStates = typing !== null && (typing.query === '' || typing.start === buttonHashAt);

  const moveCaret = (position: number) => {
    setCaret(position);
    window.setTimeout(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(position, position);
    }, 0);
  };

  const insert = (reply: SavedReplyDto) => {
    if (!typing) return;
    const filled = fillVariables(reply.body, sources);
    const next = `${text.slice(0, typing.start)}${filled}${text.slice(caret)}`;
    onChange(next);
    setActive(0);
    setButtonHashAt(null);
    moveCaret(typing.start + filled.length);
  };

  const close = () => {
    if (!typing) return;
    if (typing.start === buttonHashAt && typing.query === '') {
      const from = buttonSpace ? typing.start - 1 : typing.start;
      onChange(`${text.slice(0, from)}${text.slice(typing.start + 1)}`);
      moveCaret(from);
    } else setDismissedAt(typing.start);
    setButtonHashAt(null);
  };

  return {
    /** Call from the textarea's onKeyDown first; true when the key was used by the picker. */
    onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
      if (!typing) return false;
      if (event.key === 'Escape' && (open || showStates)) {
        event.preventDefault();
        close();
        return true;
      }
      if (!open) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((chosen + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return true;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        insert(matches[chosen]!);
        return true;
      }
      return false;
    },
    /** Call on every change and selection move of the textarea. */
    track(element: HTMLTextAreaElement) {
      // The choice starts over only when the caret really moved (not on every selection event).
      if (element.selectionStart === caret) return;
      setCaret(element.selectionStart);
      setActive(0);
    },
    /** The toolbar button: types `#` at the caret (after a space if needed), which opens the picker. */
    openFromButton() {
      const element = textarea.current;
      const at = element ? element.selectionStart : text.length;
      const space = at > 0 && !/\s/.test(text[at - 1]!) ? ' ' : '';
      onChange(`${text.slice(0, at)}${space}#${text.slice(at)}`);
      setDismissedAt(null);
      setButtonHashAt(at + space.length);
      setButtonSpace(space !== '');
      moveCaret(at + space.length + 1);
    },
    picker:
      open || showStates ? (
        <div className="saved-reply-picker" data-testid="saved-reply-picker">
          {open ? (
            <ul className="saved-reply-options" role="listbox" aria-label="Saved replies" id="saved-reply-options">
              {matches.map((reply, index) => (
                <li
                  key={reply.id}
                  id={`saved-reply-option-${reply.id}`}
                  role="option"
                  aria-selected={index === chosen}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    insert(reply);
                  }}
                >
                  <span className="saved-reply-option-name">
                    <strong>{reply.name}</strong> <span className="saved-reply-scope small">{reply.scope === 'team' ? 'Team' : 'Personal'}</span>
                  </span>
                  <span className="saved-reply-option-body small">{reply.body.slice(0, 140)}</span>
                </li>
              ))}
            </ul>
          ) : replies.isPending ? (
            <p className="muted small saved-reply-state" role="status">
              Loading saved replies…
            </p>
          ) : replies.isError ? (
            <p className="small saved-reply-state" role="alert">
              Saved replies could not be loaded. Press Escape and try again.
            </p>
          ) : (
            <p className="muted small saved-reply-state" role="status">
              {(replies.data ?? []).length === 0 ? 'No saved replies yet.' : `No saved reply named “${typing?.query ?? ''}”.`} <Link to="/saved-replies">Manage saved replies</Link>
            </p>
          )}
          <p className="muted small saved-reply-hint">
            ↑/↓ choose · Enter inserts · Esc closes · <Link to="/saved-replies">Manage</Link>
          </p>
        </div>
      ) : null,
    activeOptionId: open ? `saved-reply-option-${matches[chosen]!.id}` : undefined,
  };
}
