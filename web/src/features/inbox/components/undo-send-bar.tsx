import { useEffect, useState } from 'react';
import type { ConversationDto, UndoneReplyDto } from '../../../../../api/src/conversations/conversations.types';
import { useUndoSend } from '../api/undo-send';

/** Whole seconds left until `deadline` (never negative). */
const secondsLeft = (deadline: number, now: number) => Math.max(0, Math.ceil((deadline - now) / 1000));

/**
 * The countdown of the person's own held replies and forwards in this conversation, each with Undo. The hold is
 * kept by the server (closing the tab does not send it early or lose it); this only shows it.
 */
export function UndoSendBar({ conversation, meId, onUndone }: { conversation: ConversationDto; meId: string | undefined; onUndone: (result: UndoneReplyDto) => void }) {
  const held = conversation.messages.filter((message) => message.send?.status === 'held' && message.author?.id === meId);
  const undo = useUndoSend();
  // Each held reply's deadline on this browser's clock, from the time left when the server first
  // told us of it (the two clocks may disagree); `now` is read on every tick.
  const [deadlines, setDeadlines] = useState<Record<string, number>>({});
  const [now, setNow] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const heldKey = held.map((message) => message.id).join(' ');
  useEffect(() => {
    if (!heldKey) return;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      setDeadlines((current) => {
        const missing = held.filter((message) => current[message.id] === undefined);
        return missing.length === 0 ? current : { ...current, ...Object.fromEntries(missing.map((message) => [message.id, at + (message.send?.sendsInMs ?? 0)])) };
      });
    };
    const first = window.setTimeout(tick, 0);
    const timer = window.setInterval(tick, 250);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [heldKey]); // eslint-disable-line react-hooks/exhaustive-deps
  if (held.length === 0 && !error) return null;
  return (
    <div className="undo-send" data-testid="undo-send">
      {held.map((message) => {
        const deadline = deadlines[message.id];
        const left = deadline === undefined ? Math.ceil((message.send?.sendsInMs ?? 0) / 1000) : secondsLeft(deadline, now);
        return (
          <div key={message.id} className="banner banner-info undo-send-bar" role="status">
            <span aria-live="polite" data-testid="undo-countdown">
              {message.kind === 'forward' ? (left > 0 ? `Forwarding in ${left} s` : 'Forwarding…') : left > 0 ? `Sending in ${left} s` : 'Sending…'}
            </span>
            <button
              type="button"
              className="button button-small"
              disabled={undo.isPending}
              onClick={() => {
                setError(null);
                undo.mutate(message.id, { onSuccess: onUndone, onError: (failure) => setError(failure.message) });
              }}
            >
              {undo.isPending ? 'Undoing…' : 'Undo'}
            </button>
          </div>
        );
      })}
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
