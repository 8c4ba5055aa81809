/** Shapes of the feedback API, shared with the web app (no runtime dependencies beyond constants). */
import type { PersonRefDto } from '../conversations/conversations.types.js';

export const ISSUE_STATES = ['open', 'fixed', 'wontfix'] as const;
export type IssueStateDto = (typeof ISSUE_STATES)[number];
export const TRACKERS = ['github', 'gitlab', 'linear', 'jira', 'other'] as const;
export type TrackerDto = (typeof TRACKERS)[number];

export interface ThemeRefDto {
  id: string;
  name: string;
}

/** A customer's exact words: `text` is message.text.slice(start, end), offsets in UTF-16 code units. */
export interface QuoteDto {
  id: string;
  messageId: string;
  conversationId: string;
  start: number;
  end: number;
  text: string;
  prefix: string;
  suffix: string;
  /** The duty day (YYYY-MM-DD) of the message it came from. */
  dutyDate: string;
  /** Who was on duty that day (primary); null without a rotation (or for quotes pinned before this was kept). */
  dutyPerson: PersonRefDto | null;
  pinnedBy: PersonRefDto | null;
  pinnedAt: string;
  /** The message's new-words span was re-computed and no longer holds these words (they stay quoted as pinned). */
  outsideNewText: boolean;
  customer: { email: string; name: string | null };
  /** From the customer's email domain; null for free-mail addresses (gmail.com and the like). */
  company: string | null;
  messageDate: string;
  themes: ThemeRefDto[];
}

export interface ThemeSummaryDto {
  id: string;
  name: string;
  description: string;
  phrases: string[];
  quotes: number;
  customers: number;
  companies: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface IssueLinkDto {
  id: string;
  tracker: TrackerDto;
  url: string;
  externalId: string | null;
  title: string | null;
  /** "What we fixed" as customers will read it in the drafts; null: the title is used. */
  fixSummary: string | null;
  state: IssueStateDto;
  fixedAt: string | null;
  themes: ThemeRefDto[];
  conversations: { id: string; number: number; subject: string }[];
}

export interface ThemeDto extends ThemeSummaryDto {
  quoteList: QuoteDto[];
  /** Quotes per ISO week (Monday), oldest first, over the last 12 weeks. */
  weekly: { week: string; quotes: number }[];
  issues: IssueLinkDto[];
}

export interface FixReplyDto {
  id: string;
  status: 'draft' | 'sent' | 'discarded';
  text: string;
  createdAt: string;
  sentAt: string | null;
  issue: { id: string; url: string; title: string | null };
  conversation: { id: string; number: number; subject: string; contact: { email: string; name: string | null } };
  quote: { id: string; text: string } | null;
}

export interface ThemeSuggestionDto {
  theme: ThemeRefDto;
  phrase: string;
  messageId: string;
  /** The sentence holding the phrase, exact: message.text.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

export interface ConversationFeedbackDto {
  quotes: QuoteDto[];
  themes: ThemeRefDto[];
  issues: IssueLinkDto[];
  suggestions: ThemeSuggestionDto[];
}

export interface WebhookSecretDto {
  tracker: 'github' | 'gitlab' | 'linear';
  /** Shown once: paste it into the tracker's webhook settings. */
  secret: string;
  url: string;
}

export interface FeedbackSettingsDto {
  autoSendFixReplies: boolean;
  /** Trackers whose issue pages customers may see: only their URLs appear in drafts. */
  publicTrackers: TrackerDto[];
  /** What members (not admins) may do; admins always may. */
  memberActions: MemberActionsDto;
}

/** Actions admins allow or refuse members. Retracting one's own quote is always allowed. */
export interface MemberActionsDto {
  /** Retract a quote someone else pinned. */
  retractOthersQuotes: boolean;
  mergeThemes: boolean;
  /** Link, unlink and change the state of issues. */
  manageIssues: boolean;
  /** Send (or send all) close-the-loop replies. */
  sendFixReplies: boolean;
}
