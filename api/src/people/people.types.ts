/**
 * The people and session API's shapes and constants, shared with the web app (no runtime
 * dependencies, so the browser bundle stays small).
 */
export const ACCESS_LEVELS = ['admin', 'member'] as const;
export const SUPPORT_ROLES = ['founder', 'programmer', 'designer', 'support'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];
export type SupportRole = (typeof SUPPORT_ROLES)[number];

export const MIN_PASSWORD_LENGTH = 10;

export function isValidTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

export interface PersonDto {
  id: string;
  name: string;
  email: string;
  access: Access;
  supportRole: SupportRole;
  timeZone: string;
  workingDays: number[];
  active: boolean;
  /** Added below this person's replies, after a "-- " line. */
  signature: string;
  /** How long this person's replies wait with an Undo before they are sent (0: at once); null: the instance default. */
  undoSendSeconds: number | null;
  createdAt: string;
}

export interface SessionDto {
  person: PersonDto;
  /** Send back in the X-CSRF-Token header on every POST, PATCH, PUT and DELETE. */
  csrfToken: string;
  /** The admins require a second factor and this person has none yet: only enrolling one is open. */
  mustEnrolSecondFactor?: boolean;
  /** Sign-in only, when asked for with `preload`: what the first page shows (for the inbox, `{ list, counts }`: see InboxPreloadDto). */
  preloaded?: Record<string, unknown>;
}

export interface SetupStatusDto {
  /** True while nobody exists yet: the web app shows the setup page. */
  needsSetup: boolean;
}

export interface ApiErrorDto {
  error: { code: string; message: string; details?: Record<string, string[]> };
}
