import type { DutyNowDto } from '../../../../../api/src/duty/duty.types';
import { formatZonedTime } from '../../../lib/zoned-clock';
import { useSession } from '../../auth/api/get-session';
import { useDutyNow } from '../api/rotations';

/** The calendar day of an instant on a zone's clock ("2026-12-04"); the reader's own zone when none is valid. */
function dayIn(instant: Date, zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  }
}

/**
 * A handoff instant on the rotation's clock with the reader's beside it: "09:00 Berlin (08:00 your
 * time)", with the weekday ("Sat 09:00") when it is not today on the rotation's clock: on a Friday
 * evening, "until 09:00" would read as this morning.
 */
export function handoffLabel(iso: string, zone: string, yourZone: string | undefined, now = new Date()): string {
  return formatZonedTime(iso, { zone, yourZone, weekday: dayIn(new Date(iso), zone) !== dayIn(now, zone) });
}

/** "Ana until 09:00 Berlin (08:00 your time), then Ben": who is on duty now (until the next handoff) and who is next. */
export function dutyNowText(entry: DutyNowDto, yourZone: string | undefined, now = new Date()): string {
  const current = entry.primary ? `${entry.primary.name} until ${handoffLabel(entry.until, entry.timeZone, yourZone, now)}` : 'Nobody on duty';
  if (!entry.next) return current;
  const next = entry.next.primary?.name ?? 'nobody';
  return entry.primary && entry.next.from === entry.until ? `${current}, then ${next}` : `${current}; ${next} from ${handoffLabel(entry.next.from, entry.timeZone, yourZone, now)}`;
}

/** The app header's "On duty: …", one entry per rotation, agreeing with the calendar's current duty day. */
export function OnDutyToday() {
  const duty = useDutyNow();
  const yourZone = useSession().data?.person.timeZone;
  if (!duty.data?.length) return null;
  return (
    <span className="on-duty" data-testid="on-duty" title={duty.data.map((entry) => `${entry.rotationName}: ${dutyNowText(entry, yourZone)}`).join('\n')}>
      On duty: {duty.data.map((entry) => dutyNowText(entry, yourZone)).join(' · ')}
    </span>
  );
}
