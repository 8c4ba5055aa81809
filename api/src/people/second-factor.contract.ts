import { z } from 'zod';

export * from './second-factor.types.js';

const code = z.string().trim().min(1, 'Enter the code').max(64, 'That code is too long');

export const totpCodeSchema = z.object({ code }).strict();

export const secondStepSchema = z.object({ method: z.enum(['totp', 'recovery']), code }).strict();

/** A WebAuthn answer as @simplewebauthn/browser sends it; its inside is checked by the WebAuthn library. */
const webauthnResponse = z
  .object({
    id: z.string().min(1).max(1024),
    rawId: z.string().min(1).max(1024),
    type: z.literal('public-key'),
    response: z.record(z.string(), z.unknown()),
    clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
    authenticatorAttachment: z.string().max(64).optional(),
  })
  .passthrough();

export const addPasskeySchema = z.object({ name: z.string().trim().min(1, 'Name this passkey').max(100, 'Keep the name under 100 characters'), response: webauthnResponse }).strict();

export const passkeySignInSchema = z.object({ response: webauthnResponse }).strict();

export const signInPolicySchema = z.object({ requireSecondFactor: z.boolean() }).strict();

/** The password again, for removing a second factor or replacing recovery codes. */
export const confirmPasswordSchema = z.object({ password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long') }).strict();
