import { type KeyboardEvent, type RefObject, useState } from 'react';
import type { PersonDto } from '../../../../../api/src/people/people.types';
import { usePeople } from '../../people/api/get-people';
import { matchTeammates, mentionQueryAt } from './mention-query';

/**
 * @name autocomplete for a textarea: while an `@…` is typed, teammates whose name matches are listed;
 * ↑/↓ choose, Enter or Tab insert `@Full Name `, Escape closes. The server resolves the names again.
 */
export function useMentionAutocomplete({ enabled, text, textarea, onChange }: { enabled: boolean; text: string; textarea: RefObject<HTMLTextAreaElement | null>; onChange: (value: string) => void }) {
  const people = usePeople();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const mention = enabled ? mentionQueryAt(text, caret) : null;
  const matches = mention && mention.start !== dismissedAt ? matchTeammates((people.data ?? []).filter((person) => person.active), mention.query) : [];
  const open = matches.length > 0;
  const chosen = Math.min(active, matches.length - 1);

  const insert = (person: PersonDto) => {
    if (!mention) return;
    const inserted = `@${person.name} `;
    const next = `${text.slice(0, mention.start)}${inserted}${text.slice(caret)}`;
    const position = mention.start + inserted.length;
    onChange(next);
    setCaret(position);
    setActive(0);
    window.setTimeout(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(position, position);
    }, 0);
  };

  return {
    /** Call from the textarea's onKeyDown first; true when the key was used for the list. */
    onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
      if (!open) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((chosen + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return true;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        insert(matches[chosen]!);
        return true;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissedAt(mention!.start);
        return true;
      }
      return false;
    },
    /** Call on every change and selection move of the textarea. */
    track(element: HTMLTextAreaElement) {
      setCaret(element.selectionStart);
    },
    suggestions: open ? (
      <ul className="mention-suggestions" role="listbox" aria-label="Mention a teammate" id="mention-suggestions">
        {matches.map((person, index) => (
          <li
            key={person.id}
            role="option"
            aria-selected={index === chosen}
            onMouseDown={(event) => {
              event.preventDefault();
              insert(person);
            }}
          >
            <strong>{person.name}</strong> <span className="small">{person.email}</span>
          </li>
        ))}
      </ul>
    ) : null,
  };
}
