import { z } from 'zod';

export * from './customers.types.js';

export const NOTE_MAX = 10_000;

export const saveNoteRequestSchema = z
  .object({
    text: z.string().max(NOTE_MAX, `Keep the note under ${NOTE_MAX.toLocaleString('en')} characters`),
    version: z.number().int().min(0),
  })
  .strict();
