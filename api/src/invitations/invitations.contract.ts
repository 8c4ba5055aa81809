import { z } from 'zod';
import { createPersonRequestSchema, setupRequestSchema } from '../people/people.contract.js';

export const createInvitationSchema = createPersonRequestSchema.pick({ email: true, access: true, supportRole: true }).strict();
export const acceptInvitationSchema = setupRequestSchema.pick({ name: true, password: true, timeZone: true }).strict();
export type CreateInvitationRequest = z.input<typeof createInvitationSchema>;
export type AcceptInvitationRequest = z.input<typeof acceptInvitationSchema>;
