import { z } from 'zod';
import { parseCivilDate } from '../../../rotation/src/civil-date.js';

const date = z.string().refine((value) => {
  try {
    parseCivilDate(value);
    return true;
  } catch {
    return false;
  }
}, 'Use an existing date as YYYY-MM-DD');

/** Longest period one report covers. */
export const MAX_REPORT_DAYS = 366;

const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

export const dutyReportQuerySchema = z
  .object({
    rotationId: z.uuid('Use a rotation id').optional(),
    from: date.optional(),
    to: date.optional(),
    /** CSV only: which table. */
    table: z.enum(['days', 'weeks']).optional(),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: '"from" must not be after "to"', path: ['to'] })
  .refine((query) => !query.from || !query.to || days(query.from, query.to) <= MAX_REPORT_DAYS, { message: `Ask for at most ${MAX_REPORT_DAYS} days at a time`, path: ['to'] });
export type DutyReportQuery = z.output<typeof dutyReportQuerySchema>;
