import type { Access, SupportRole } from '../../../../../api/src/people/people.types';

export const ACCESS_LABELS: Record<Access, string> = { admin: 'Admin', member: 'Member' };
export const ROLE_LABELS: Record<SupportRole, string> = { founder: 'Founder', programmer: 'Programmer', designer: 'Designer', support: 'Support' };
export const WEEKDAYS = [
  { day: 1, short: 'Mon' },
  { day: 2, short: 'Tue' },
  { day: 3, short: 'Wed' },
  { day: 4, short: 'Thu' },
  { day: 5, short: 'Fri' },
  { day: 6, short: 'Sat' },
  { day: 7, short: 'Sun' },
] as const;

export function describeWorkingDays(days: number[]): string {
  if (days.length === 0) return 'None';
  if (days.join() === '1,2,3,4,5') return 'Mon–Fri';
  return days.map((day) => WEEKDAYS[day - 1]?.short ?? '?').join(', ');
}
