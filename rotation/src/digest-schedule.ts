import { addDays, civilDateAt, isoWeekday } from './civil-date.js';
import { instantOf } from './zoned-time.js';

export type DigestFrequency = 'weekly' | 'daily';

/** Digests go out at 08:00 on the recipient's own clock; weekly ones on Mondays. */
export const DIGEST_MINUTES = 8 * 60;

/**
 * The most recent digest time at or before `now` for a recipient in `timeZone`: 08:00 local on the
 * latest Monday (weekly) or day (daily). Daylight-saving changes move the instant, never the local
 * time. A server that was down at that time finds the slot when it comes back and sends it then.
 */
export function latestDigestSlot(now: Date, timeZone: string, frequency: DigestFrequency): Date {
  const today = civilDateAt(now, timeZone);
  let date = frequency === 'weekly' ? addDays(today, -((isoWeekday(today) + 6) % 7)) : today;
  let slot = instantOf(date, DIGEST_MINUTES, timeZone);
  if (slot.getTime() > now.getTime()) {
    date = addDays(date, frequency === 'weekly' ? -7 : -1);
    slot = instantOf(date, DIGEST_MINUTES, timeZone);
  }
  return slot;
}

/** The first digest time after `now`. */
export function nextDigestSlot(now: Date, timeZone: string, frequency: DigestFrequency): Date {
  const latest = latestDigestSlot(now, timeZone, frequency);
  return instantOf(addDays(civilDateAt(latest, timeZone), frequency === 'weekly' ? 7 : 1), DIGEST_MINUTES, timeZone);
}

/** The slot before `slot`: where a first digest's period starts. */
export function previousDigestSlot(slot: Date, timeZone: string, frequency: DigestFrequency): Date {
  return latestDigestSlot(new Date(slot.getTime() - 1), timeZone, frequency);
}
