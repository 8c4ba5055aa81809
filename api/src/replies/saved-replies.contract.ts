import { z } from 'zod';

export const SAVED_REPLY_NAME_MAX = 100;
export const SAVED_REPLY_BODY_MAX = 20_000;

const name = z
  .string({ message: 'Name the saved reply' })
  .trim()
  .min(1, 'Name the saved reply')
  .max(SAVED_REPLY_NAME_MAX, `Keep the name under ${SAVED_REPLY_NAME_MAX} characters`);
const body = z
  .string({ message: 'Write the text of the saved reply' })
  .refine((text) => text.trim().length > 0, 'Write the text of the saved reply')
  .refine((text) => text.length <= SAVED_REPLY_BODY_MAX, `Keep the text under ${SAVED_REPLY_BODY_MAX} characters`);
/** `team`: everyone sees and uses it; `personal`: only its owner. */
const scope = z.enum(['team', 'personal'], { message: 'Choose team or personal' });

export const createSavedReplyRequestSchema = z.object({ name, body, scope: scope.default('personal') }).strict();
export const updateSavedReplyRequestSchema = z.object({ name, body, scope }).partial().strict();

export type CreateSavedReplyRequest = z.output<typeof createSavedReplyRequestSchema>;
export type UpdateSavedReplyRequest = z.output<typeof updateSavedReplyRequestSchema>;

export interface SavedReplyDto {
  id: string;
  name: string;
  body: string;
  scope: 'team' | 'personal';
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  /** Whether the asking person may edit or delete it. */
  canEdit: boolean;
}
