import type { DutyNowDto } from '../../../../../api/src/duty/duty.types';
import { useDutyNow } from '../api/rotations';

const DAY_MS = 86_400_000;

/** A handoff instant in the reader's own clock: "09:00", or "Mon 09:00" when it is not within a day. */
export function handoffLabel(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return at.getTime() - now.getTime() < DAY_MS ? time : `${at.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
}

/** "Ana until 09:00, then Ben": who is on duty now (the duty day runs until the next handoff) and who is next. */
export function dutyNowText(entry: DutyNowDto, now = new Date()): string {
  const current = entry.primary ? `${entry.primary.name} until ${handoffLabel(entry.until, now)}` : 'Nobody on duty';
  if (!entry.next) return current;
  const next = entry.next.primary?.name ?? 'nobody';
  return entry.primary && entry.next.from === entry.until ? `${current}, then ${next}` : `${current}; ${next} from ${handoffLabel(entry.next.from, now)}`;
}

/** The app header's "On duty: …", one entry per rotation, agreeing with the calendar's current duty day. */
export function OnDutyToday() {
  const duty = useDutyNow();
  if (!duty.data?.length) return null;
  return (
    <span className="on-duty" data-testid="on-duty" title={duty.data.map((entry) => `${entry.rotationName}: ${dutyNowText(entry)}`).join('\n')}>
      On duty: {duty.data.map((entry) => dutyNowText(entry)).join(' · ')}
    </span>
  );
}
