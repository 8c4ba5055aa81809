import ical from 'ical-generator';
import type { CalendarDayDto } from './duty.types.js';

/** The only file that imports ical-generator. Duty days become all-day events on their calendar date. */
export function dutyCalendarFeed(input: {
  name: string;
  rotationName: string;
  days: CalendarDayDto[];
  /** Only days where this person has a role (a person's feed); all days otherwise. */
  personId: string | null;
  rotationId: string;
}): string {
  const calendar = ical({ name: input.name, prodId: { company: 'Wholegrain', product: 'duty', language: 'EN' } });
  for (const day of input.days) {
    const roles = (['primary', 'buddy', 'shadow'] as const).flatMap((role) => (day[role] ? [{ role, assignment: day[role]! }] : []));
    const relevant = input.personId ? roles.filter((entry) => entry.assignment.personId === input.personId) : roles;
    if (relevant.length === 0) continue;
    const [year, month, date] = day.date.split('-').map(Number) as [number, number, number];
    const summary = input.personId
      ? `On support (${relevant.map((entry) => entry.role).join(', ')}) · ${input.rotationName}`
      : `On support: ${day.primary?.name ?? 'nobody'} · ${input.rotationName}`;
    calendar.createEvent({
      // Stable ids: a subscriber's calendar updates the day instead of duplicating it.
      id: `${input.rotationId}-${day.date}${input.personId ? `-${input.personId}` : ''}@wholegrain`,
      // All-day: the date itself, in UTC fields, whatever the server's zone.
      start: new Date(Date.UTC(year, month - 1, date)),
      end: new Date(Date.UTC(year, month - 1, date + 1)),
      allDay: true,
      summary,
      description: roles.map((entry) => `${entry.role}: ${entry.assignment.name}${entry.assignment.provenance === 'rotation' ? '' : ` (${entry.assignment.provenance})`}`).join('\n'),
    });
  }
  return calendar.toString();
}
