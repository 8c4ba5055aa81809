/** Shapes of the rotation and duty API, shared with the web app. */
export type DutyRoleDto = 'primary' | 'buddy' | 'shadow';
export type ProvenanceDto = 'rotation' | 'override' | 'swap' | 'absence';

export interface RotationDto {
  id: string;
  name: string;
  timeZone: string;
  workingDays: number[];
  holidays: string[];
  handoffTime: string;
  daysPerTurn: number;
  startDate: string;
  mailboxIds: string[];
  members: { personId: string; name: string; role: DutyRoleDto; weight: number }[];
  /** The first duty day an edit may re-plan (the day after the duty day running now); earlier days stay as they were. */
  editableFrom: string;
  /** When the rotation was created (ISO 8601): the duty report leaves the days before it to nobody. */
  createdAt: string;
  /** After an edit: the day from which it re-planned, or null when nothing was re-planned (name, mailboxes). */
  replannedFrom?: string | null;
}

export interface DutyAssignmentDto {
  personId: string;
  name: string;
  provenance: ProvenanceDto;
}

export interface CalendarDayDto {
  date: string;
  working: boolean;
  primary: DutyAssignmentDto | null;
  buddy: DutyAssignmentDto | null;
  shadow: DutyAssignmentDto | null;
}

export interface CalendarDto {
  rotationId: string;
  from: string;
  to: string;
  days: CalendarDayDto[];
  ledger: { date: string; role: DutyRoleDto; absentPersonId: string; coveredBy: string | null }[];
}

export interface DutyNowDto {
  rotationId: string;
  rotationName: string;
  /** The rotation's IANA time zone, for showing its times beside the reader's. */
  timeZone: string;
  /** The duty day (in the rotation's zone) that runs now: before the handoff time, yesterday's. */
  date: string;
  primary: DutyAssignmentDto | null;
  buddy: DutyAssignmentDto | null;
  shadow: DutyAssignmentDto | null;
  /** When this duty day ends: the next day's handoff. */
  until: string;
  /** The next working duty day, who is on it, and when it starts; null when nobody is planned. */
  next: { date: string; from: string; primary: DutyAssignmentDto | null } | null;
}

/** Open unassigned conversations a rotation did not route (they began before it answered their mailbox). */
export interface UnroutedDto {
  rotationId: string;
  count: number;
  /** Who they would go to: the primary on duty now. */
  onDuty: DutyAssignmentDto | null;
}

export interface FairnessDto {
  rotationId: string;
  from: string;
  to: string;
  rows: { personId: string; name: string; served: number; target: number; deviation: number; label: string }[];
}

export interface DutyChangeDto {
  id: string;
  kind: 'override' | 'swap' | 'absence';
  role: DutyRoleDto | null;
  personId: string;
  from: string;
  to: string;
  otherPersonId: string | null;
  otherDate: string | null;
  redirectTo: string | null;
  reason: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface SwapRequestDto {
  id: string;
  rotationId: string;
  requesterId: string;
  role: DutyRoleDto;
  date: string;
  reason: string;
  status: 'open' | 'taken' | 'cancelled';
  takenBy: string | null;
  takenDate: string | null;
  createdAt: string;
}

export interface HandoffNoteDto {
  id: string;
  dutyDate: string;
  author: { id: string; name: string };
  /** The teammate it is for (notified), or null for whoever takes over. */
  addressee: { id: string; name: string } | null;
  text: string;
  createdAt: string;
}

export interface NoticeDto {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  /** Its email: pending (also while retrying), sent, skipped (no SMTP), or failed for good with why. */
  email: { status: 'pending' | 'sent' | 'skipped' | 'failed'; error: string | null };
}

export interface CalendarFeedDto {
  id: string;
  rotationId: string | null;
  personId: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** The subscription path with its secret token: returned only when the feed is created. */
  path?: string;
}
