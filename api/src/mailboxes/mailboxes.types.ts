/** Shapes of the mailboxes API, shared with the web app. Passwords never appear here. */
export interface ServerSettingsDto {
  host: string;
  port: number;
  tls: boolean;
  user: string;
}

export interface MailboxDto {
  id: string;
  name: string;
  address: string;
  /** The OAuth 2.0 provider the mailbox signs in with; null: it signs in with passwords. */
  oauthProvider: 'google' | 'microsoft' | 'oauth_custom' | null;
  imap: ServerSettingsDto;
  smtp: ServerSettingsDto;
  folders: string[];
  allowSelfSigned: boolean;
  pollIntervalSeconds: number;
  /** Where a conversation goes after a reply unless the person chooses otherwise. */
  afterReply: 'pending' | 'open' | 'closed';
  /** How replies name their sender: "Ana" (person), "Acme Support" (mailbox) or "Ana at Acme Support" (both). */
  fromName: 'person' | 'mailbox' | 'both';
  sync: {
    stage: 'idle' | 'running' | 'needs_reauth' | 'failed';
    startedAt: string | null;
    nextSyncAt: string;
    lastSuccessAt: string | null;
    lastError: string | null;
    failureCount: number;
    /** While a run imports: messages fetched and processed out of the folder's new messages. */
    progress: { folder: string; total: number; fetched: number; processed: number } | null;
  };
  quarantined: number;
}

export interface SyncResultDto {
  fetched: number;
  processed: number;
  duplicates: number;
  quarantined: number;
}

export interface ConnectionCheckResultDto {
  imap: { ok: boolean; error: string | null };
  smtp: { ok: boolean; error: string | null };
}

export interface QuarantinedMessageDto {
  id: string;
  mailboxId: string;
  folder: string;
  uid: string;
  size: number;
  fetchedAt: string;
  reason: string;
  attempts: number;
  /** The From and Subject header lines as raw text, to recognise the message. */
  from: string | null;
  subject: string | null;
}

/** Well-known settings for an address (the "Other" provider), to prefill the form. */
export interface MailSettingsGuessDto {
  source: 'built-in' | 'autoconfig';
  /** The provider needs OAuth: choose it instead of "Other". */
  oauthProvider: 'google' | 'microsoft' | null;
  imap: { host: string; port: number; tls: boolean };
  smtp: { host: string; port: number; tls: boolean };
  user: string;
}
