import type { DutyNowDto } from '../../../../../api/src/duty/duty.types';
import { formatClocks, zonedClocks } from '../../../lib/zoned-clock';
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

/** Whether an instant falls on another calendar day than `now` on the rotation's clock or on the reader's. */
function notToday(iso: string, zone: string, yourZone: string | undefined, now: Date): boolean {
  const instant = new Date(iso);
  return dayIn(instant, zone) !== dayIn(now, zone) || dayIn(instant, yourZone ?? '') !== dayIn(now, yourZone ?? '');
}

/**
 * A handoff instant on the rotation's clock with the reader's beside it: "09:00 Berlin (08:00 your
 * time)", with the weekday ("Mon 09:00") when it is not today on the rotation's clock or on the
 * reader's: on a Friday evening, "until 09:00" would read as this morning.
 */
export function handoffLabel(iso: string, zone: string, yourZone: string | undefined, now = new Date()): string {
  return formatClocks(handoffClocks(iso, zone, yourZone, now));
}

function handoffClocks(iso: string, zone: string, yourZone: string | undefined, now: Date): ReturnType<typeof zonedClocks> {
  return zonedClocks(iso, { zone, yourZone, weekday: notToday(iso, zone, yourZone, now) });
}

/**
 * "Ana until 09:00 Berlin (08:00 your time), then Ben": who is on duty now (until the next handoff)
 * and who is next ("; Linus from Mon 09:00" when nobody is on duty between, a weekend). When both
 * times read the same on the reader's clock the zone is named once, at the end:
 * "Grace until 09:00; Linus from Mon 09:00 UTC".
 */
export function dutyNowText(entry: DutyNowDto, yourZone: string | undefined, now = new Date()): string {
  const label = (iso: string) => handoffLabel(iso, entry.timeZone, yourZone, now);
  if (!entry.next) return entry.primary ? `${entry.primary.name} until ${label(entry.until)}` : 'Nobody on duty';
  const next = entry.next.primary?.name ?? 'nobody';
  if (!entry.primary) return `nobody; ${next} from ${label(entry.next.from)}`;
  if (entry.next.from === entry.until) return `${entry.primary.name} until ${label(entry.until)}, then ${next}`;
  const until = handoffClocks(entry.until, entry.timeZone, yourZone, now);
  const from = handoffClocks(entry.next.from, entry.timeZone, yourZone, now);
  const untilText = until.sameClock && from.sameClock ? until.there : formatClocks(until);
  return `${entry.primary.name} until ${untilText}; ${next} from ${formatClocks(from)}`;
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
