import { z } from 'zod';
import { parseCivilDate } from '../../../rotation/src/civil-date.js';
import { isValidTimeZone } from '../people/people.types.js';

const date = z.string().refine((value) => {
  try {
    parseCivilDate(value);
    return true;
  } catch {
    return false;
  }
}, 'Use an existing date as YYYY-MM-DD');
const role = z.enum(['primary', 'buddy', 'shadow']);

const rotationFields = {
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isValidTimeZone, 'Unknown time zone (use an IANA name such as Europe/Paris)'),
  workingDays: z.array(z.number().int().min(1).max(7)).min(1, 'At least one working day').max(7).transform((days) => [...new Set(days)].sort()),
  holidays: z.array(date).max(400).transform((days) => [...new Set(days)].sort()),
  handoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)'),
  daysPerTurn: z.number().int().min(1).max(14),
  startDate: date,
  /** Mailboxes this rotation answers; new conversations there go to the person on duty. */
  mailboxIds: z.array(z.uuid()).max(50),
  /** In rotation order: a new hire's place in the list is where their turns come. */
  members: z.array(z.object({ personId: z.uuid(), role: role.default('primary'), weight: z.number().positive().max(10).default(1) })).max(100),
};

export const createRotationRequestSchema = z.object({
  ...rotationFields,
  holidays: rotationFields.holidays.default([]),
  handoffTime: rotationFields.handoffTime.default('09:00'),
  daysPerTurn: rotationFields.daysPerTurn.default(1),
  mailboxIds: rotationFields.mailboxIds.default([]),
  members: rotationFields.members.default([]),
});
export type CreateRotationRequest = z.input<typeof createRotationRequestSchema>;

/**
 * Only the fields sent change (no defaults here: leaving out members keeps them). Changes to members,
 * order, working days, holidays, handoff time, time zone or days per turn re-plan the days from
 * `effectiveFrom` (default: the first duty day that has not begun); earlier days stay as they were.
 */
export const updateRotationRequestSchema = z
  .object({
    name: rotationFields.name.optional(),
    timeZone: rotationFields.timeZone.optional(),
    workingDays: rotationFields.workingDays.optional(),
    holidays: rotationFields.holidays.optional(),
    handoffTime: rotationFields.handoffTime.optional(),
    daysPerTurn: rotationFields.daysPerTurn.optional(),
    startDate: rotationFields.startDate.optional(),
    mailboxIds: rotationFields.mailboxIds.optional(),
    members: rotationFields.members.optional(),
    effectiveFrom: date.optional(),
  })
  .strict();
export type UpdateRotationRequest = z.input<typeof updateRotationRequestSchema>;

export const dutyChangeRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('override'), role: role.default('primary'), personId: z.uuid(), from: date, to: date, reason: z.string().trim().min(1, 'Say why').max(500) }),
  z.object({
    kind: z.literal('swap'),
    role: role.default('primary'),
    personA: z.uuid(),
    dateA: date,
    personB: z.uuid(),
    dateB: date,
    reason: z.string().trim().min(1, 'Say why').max(500),
  }),
  z.object({ kind: z.literal('absence'), personId: z.uuid(), from: date, to: date, redirectTo: z.uuid().nullable().default(null), reason: z.string().trim().min(1, 'Say why').max(500) }),
]);
export type DutyChangeRequest = z.input<typeof dutyChangeRequestSchema>;

export const rangeQuerySchema = z.object({ from: date, to: date }).refine((range) => range.from <= range.to, { message: '"from" must not be after "to"', path: ['to'] });

export const swapRequestSchema = z.object({ date, role: role.default('primary'), reason: z.string().trim().min(1, 'Say why').max(500) });
export type SwapRequestRequest = z.input<typeof swapRequestSchema>;

/** Taking a request: the day you give back. An admin may assign it to someone else. */
export const takeSwapRequestSchema = z.object({ date, personId: z.uuid().optional() });
export type TakeSwapRequestRequest = z.input<typeof takeSwapRequestSchema>;

export const handoffNoteSchema = z.object({
  text: z.string().trim().min(1, 'Write something for the next person').max(10_000),
  /** A teammate the note is for: they get a notification. */
  addresseeId: z.uuid().nullable().optional(),
});
