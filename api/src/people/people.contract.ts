import { z } from 'zod';

/**
 * The people and session API contract. The web app imports these types (type-only); the API
 * validates requests with the schemas, and the OpenAPI document is generated from them.
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

const name = z.string().trim().min(1, 'Name is required').max(200, 'Name is too long');
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, 'Email is too long')
  .pipe(z.email({ message: 'Enter a valid email address' }));
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'Password is too long');
const timeZone = z.string().refine(isValidTimeZone, 'Unknown time zone (use an IANA name such as Europe/Paris)');
const workingDays = z
  .array(z.number().int().min(1).max(7))
  .max(7)
  .transform((days) => [...new Set(days)].sort((a, b) => a - b));

export const setupRequestSchema = z.object({ name, email, password, timeZone });
export type SetupRequest = z.input<typeof setupRequestSchema>;

export const signInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(320),
  password: z.string().max(1024),
});
export type SignInRequest = z.input<typeof signInRequestSchema>;

export const createPersonRequestSchema = z.object({
  name,
  email,
  password,
  access: z.enum(ACCESS_LEVELS).default('member'),
  supportRole: z.enum(SUPPORT_ROLES),
  timeZone,
  workingDays: workingDays.default([1, 2, 3, 4, 5]),
});
export type CreatePersonRequest = z.input<typeof createPersonRequestSchema>;

export const updatePersonRequestSchema = z
  .object({
    name,
    email,
    password,
    access: z.enum(ACCESS_LEVELS),
    supportRole: z.enum(SUPPORT_ROLES),
    timeZone,
    workingDays,
    active: z.boolean(),
  })
  .partial()
  .strict();
export type UpdatePersonRequest = z.input<typeof updatePersonRequestSchema>;

export interface PersonDto {
  id: string;
  name: string;
  email: string;
  access: Access;
  supportRole: SupportRole;
  timeZone: string;
  workingDays: number[];
  active: boolean;
  createdAt: string;
}

export interface SessionDto {
  person: PersonDto;
  /** Send back in the X-CSRF-Token header on every POST, PATCH, PUT and DELETE. */
  csrfToken: string;
}

export interface SetupStatusDto {
  /** True while nobody exists yet: the web app shows the setup page. */
  needsSetup: boolean;
}

export interface ApiErrorDto {
  error: { code: string; message: string; details?: Record<string, string[]> };
}
