/** Shapes of the digest API, shared with the web app. */
export type DigestFrequencyDto = 'weekly' | 'daily';

export interface DigestQuoteDto {
  quoteId: string;
  /** Exactly message.text.slice(start, end). */
  text: string;
  messageId: string;
  start: number;
  end: number;
  customer: string;
  company: string | null;
  date: string;
  conversationId: string;
}

/** Everything a digest says: customers' words and counts, nothing generated about them. */
export interface DigestContentDto {
  periodStart: string;
  periodEnd: string;
  themes: { id: string; name: string; customers: number; quotes: DigestQuoteDto[] }[];
  /**
   * Customers' own new words from conversations of the period with no quote yet. Rule: the newest
   * customer email of each distinct customer in the period, newest first, at most 20; each whole,
   * or cut at a word boundary after 600 characters with a visible ellipsis.
   */
  unpinned: { messageId: string; conversationId: string; customer: string; company: string | null; date: string; text: string; cut: boolean }[];
  fixes: { issueId: string; title: string | null; url: string; fixedAt: string; customersTold: number }[];
  rotation: { date: string; rotation: string; person: string | null; pinned: string[] }[];
}

export interface DigestSummaryDto {
  id: string;
  periodStart: string;
  periodEnd: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  subject: string;
  sentAt: string | null;
}

export interface DigestDto extends DigestSummaryDto {
  content: DigestContentDto;
  text: string;
}

export interface DigestSubscriptionDto {
  enabled: boolean;
  frequency: DigestFrequencyDto;
  timeZone: string;
  /** The next time a digest is due for you. */
  nextAt: string | null;
  /** False without SMTP_URL: digests are built and kept in the archive, but none is emailed. */
  canEmail: boolean;
}
