import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './people.types.js';

export * from './account.types.js';

export const changePasswordRequestSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(1024),
    newPassword: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(1024, 'Password is too long'),
  })
  .strict();
export type ChangePasswordRequest = z.input<typeof changePasswordRequestSchema>;

export const passwordResetRequestSchema = z.object({ email: z.string().trim().toLowerCase().max(320) }).strict();

export const passwordResetConfirmSchema = z
  .object({
    token: z.string().min(1).max(200),
    newPassword: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(1024, 'Password is too long'),
  })
  .strict();
