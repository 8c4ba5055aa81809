import type { DutyFiguresDto, DutyReportDto, PersonReportDto } from './reports.types.js';

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a cell a spreadsheet would run
 * as a formula (=, +, -, @ first) gets a leading apostrophe, so a person's name cannot become one.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (fields: (string | number | null)[]) => fields.map(csvField).join(',');
const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10);

const FIGURE_HEADERS = ['received', 'answered', 'closed', 'first_response_p50_minutes', 'first_response_p90_minutes', 'first_responses', 'waiting_at_handoff', 'quotes_pinned'];
const figureCells = (row: DutyFiguresDto) => [
  row.received,
  row.answered,
  row.closed,
  minutes(row.firstResponseP50),
  minutes(row.firstResponseP90),
  row.firstResponses,
  row.waitingAtHandoff,
  row.quotesPinned,
];
// Against target as a signed whole percent (+20 → 20, −40 → -40): a number, where a "+20 %" text would look like a formula.
const fairnessCells = (row: PersonReportDto) => [row.fairness?.served ?? null, row.fairness?.target ?? null, row.fairness ? Math.round(row.fairness.deviation * 100) : null];

/** The duty days, one line each (CRLF, as RFC 4180 writes it). */
export function dutyDaysCsv(report: DutyReportDto): string {
  const lines = [line(['date', 'working_day', 'person', ...FIGURE_HEADERS])];
  // Days before the rotation ran are nobody's: "no rotation" where the others say yes or no.
  for (const day of report.days) lines.push(line([day.date, day.beforeRotation ? 'no rotation' : day.working ? 'yes' : 'no', day.person?.name ?? null, ...figureCells(day)]));
  return `${lines.join('\r\n')}\r\n`;
}

/** Per ISO week and person, with the fairness figures; then the whole period per person (week "all"). */
export function dutyWeeksCsv(report: DutyReportDto): string {
  const lines = [line(['week', 'person', 'duty_days', ...FIGURE_HEADERS, 'primary_days_served', 'primary_days_target', 'percent_against_target'])];
  for (const week of report.weeks) for (const row of week.people) lines.push(line([week.week, row.person.name, row.days, ...figureCells(row), ...fairnessCells(row)]));
  for (const row of report.people) lines.push(line(['all', row.person.name, row.days, ...figureCells(row), ...fairnessCells(row)]));
  return `${lines.join('\r\n')}\r\n`;
}
