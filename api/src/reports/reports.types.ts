/** Shapes of the duty report API, shared with the web app (no runtime dependencies). */

/** The figures of one duty day, or of a person over several of them. */
export interface DutyFiguresDto {
  /** Conversations a customer started (their first mail arrived in the duty window). */
  received: number;
  /** Conversations we replied to in the duty window. */
  answered: number;
  /** Conversations closed in the duty window. */
  closed: number;
  /** First-response time of the conversations received, in duty time (seconds); null with no answered one. */
  firstResponseP50: number | null;
  firstResponseP90: number | null;
  /** Conversations received whose first reply the percentiles count (the others are not answered yet). */
  firstResponses: number;
  /** Customers waiting for an answer when the duty was handed to the next person (null: handoff still ahead). */
  waitingAtHandoff: number | null;
  /** Quotes pinned in the duty window (not retracted). */
  quotesPinned: number;
}

export interface DutyDayReportDto extends DutyFiguresDto {
  /** The duty date (YYYY-MM-DD, the rotation's zone); its window runs from its handoff to the next day's. */
  date: string;
  working: boolean;
  /** The rotation did not run yet (before its first day, or before it was created): nobody was on duty. */
  beforeRotation: boolean;
  person: { id: string; name: string } | null;
}

/** Primary days served against the weighted share (the rotation's fairness rule). */
export interface FairnessFiguresDto {
  served: number;
  target: number;
  deviation: number;
  label: string;
}

export interface PersonReportDto extends DutyFiguresDto {
  person: { id: string; name: string };
  /** Duty days in the period. */
  days: number;
  fairness: FairnessFiguresDto | null;
}

export interface WeekReportDto {
  /** Monday of the ISO week (YYYY-MM-DD). */
  week: string;
  people: PersonReportDto[];
}

export interface DutyReportDto {
  rotation: { id: string; name: string; timeZone: string; handoffTime: string };
  from: string;
  to: string;
  days: DutyDayReportDto[];
  /** Per person over the whole period. */
  people: PersonReportDto[];
  weeks: WeekReportDto[];
}
