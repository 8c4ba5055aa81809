import type { z } from 'zod';
import { AppError } from './app-error.js';

/** Parses a request body with a zod schema; a failure becomes one 400 naming every bad field. */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '_';
    (details[field] ??= []).push(issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message);
  }
  const summary = Object.entries(details)
    .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
    .join('. ');
  throw new AppError('validation_failed', `Please correct the request. ${summary}`, details);
}
