import { useState } from 'react';

function at(date: Date, hours: number): Date {
  const copy = new Date(date);
  copy.setHours(hours, 0, 0, 0);
  return copy;
}

/** Sensible wake-up times in the viewer's own time zone. */
export function snoozeChoices(now = new Date()): { label: string; until: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  const monday = new Date(now);
  monday.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  return [
    { label: 'In 3 hours', until: new Date(now.getTime() + 3 * 3_600_000) },
    { label: 'Tomorrow, 9:00', until: at(tomorrow, 9) },
    { label: 'Next Monday, 9:00', until: at(monday, 9) },
    { label: 'In a week', until: new Date(now.getTime() + 7 * 86_400_000) },
  ];
}

export function SnoozeMenu({ onSnooze, onClose }: { onSnooze: (until: Date) => void; onClose: () => void }) {
  const [custom, setCustom] = useState('');
  return (
    <div className="snooze-menu" role="dialog" aria-label="Snooze until" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <p className="small muted">Snooze until… it comes back on its own, or as soon as the customer writes.</p>
      <ul>
        {snoozeChoices().map((choice, index) => (
          <li key={choice.label}>
            <button type="button" className="button button-small" autoFocus={index === 0} onClick={() => onSnooze(choice.until)}>
              {choice.label} <span className="muted small">({choice.until.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })})</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const until = new Date(custom);
          if (!Number.isNaN(until.getTime())) onSnooze(until);
        }}
      >
        <label className="small">
          Or pick a time <input type="datetime-local" value={custom} onChange={(event) => setCustom(event.target.value)} />
        </label>
        <button type="submit" className="button button-small" disabled={!custom}>
          Snooze
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onClose}>
          Cancel
        </button>
      </form>
    </div>
  );
}
