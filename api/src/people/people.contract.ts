import { z } from 'zod';
import { ACCESS_LEVELS, isValidTimeZone, MIN_PASSWORD_LENGTH, SUPPORT_ROLES } from './people.types.js';

export * from './people.types.js';

/**
 * Request schemas of the people and session API: the API validates with them and the OpenAPI
 * document is generated from them. Shapes and constants the web app shares live in people.types.ts.
 */
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

export const undoSendSeconds = z.number({ message: 'Undo time must be a number of seconds' }).int('Undo time must be whole seconds').min(0, 'Undo time: 0 to 30 seconds').max(30, 'Undo time: 0 to 30 seconds');

export const setupRequestSchema = z.object({ name, email, password, timeZone });
export type SetupRequest = z.input<typeof setupRequestSchema>;

export const signInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(320),
  password: z.string().max(1024),
  /**
   * Optional: the conversation list the first page will show, as the query string of
   * `GET /api/conversations` (`status=open`). Answered with the sign-in as `preloaded` (that page
   * of the list and the view counts), so the inbox is drawn without another round trip.
   */
  preload: z.string().max(2000).optional(),
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
    /** Seconds a reply waits with an Undo before it is sent (0: at once); null: the instance default. */
    undoSendSeconds: undoSendSeconds.nullable(),
  })
  .partial()
  .strict();
export type UpdatePersonRequest = z.input<typeof updatePersonRequestSchema>;

export const signatureRequestSchema = z.object({ signature: z.string().max(2_000, 'Keep the signature under 2,000 characters') }).strict();
