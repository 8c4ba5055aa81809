import { z } from 'zod';
import { ISSUE_STATES, TRACKERS } from './feedback.types.js';

export * from './feedback.types.js';

/** A quote is named by its place in a stored message; a client never sends the words themselves. */
export const pinQuoteRequestSchema = z
  .object({
    messageId: z.string().regex(/^\d{1,18}$/, 'messageId must be a message id'),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    themeIds: z.array(z.uuid()).max(20).optional(),
  })
  .strict();

const themeName = z.string().trim().min(1, 'Name the theme').max(120, 'Keep the name under 120 characters');
const phrases = z.array(z.string().trim().min(3, 'A phrase needs at least 3 characters').max(100)).max(20);
export const createThemeRequestSchema = z.object({ name: themeName, description: z.string().max(2_000).default(''), phrases: phrases.default([]) }).strict();
export const updateThemeRequestSchema = z.object({ name: themeName, description: z.string().max(2_000), phrases }).partial().strict();
export const mergeThemeRequestSchema = z.object({ intoThemeId: z.uuid() }).strict();
export const tagRequestSchema = z.object({ themeId: z.uuid() }).strict();

export const createIssueRequestSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, message: 'Paste the issue’s web address (https://…)' }).max(2_000),
    title: z.string().trim().max(300).optional(),
    themeIds: z.array(z.uuid()).max(20).default([]),
    conversationIds: z.array(z.string().regex(/^\d{1,18}$/)).max(100).default([]),
  })
  .strict();
export const updateIssueRequestSchema = z
  .object({ state: z.enum(ISSUE_STATES), title: z.string().trim().max(300), fixSummary: z.string().trim().max(500, 'Keep what was fixed under 500 characters') })
  .partial()
  .strict();
export const linkConversationRequestSchema = z.object({ conversationId: z.string().regex(/^\d{1,18}$/) }).strict();
export const updateFixReplyRequestSchema = z.object({ text: z.string().trim().min(1).max(20_000) }).strict();
export const memberActionsSchema = z.object({ retractOthersQuotes: z.boolean(), mergeThemes: z.boolean(), manageIssues: z.boolean(), sendFixReplies: z.boolean() }).partial().strict();
export const feedbackSettingsRequestSchema = z
  .object({ autoSendFixReplies: z.boolean(), publicTrackers: z.array(z.enum(TRACKERS)).max(TRACKERS.length), memberActions: memberActionsSchema })
  .partial()
  .strict();
