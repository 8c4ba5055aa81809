/** What a notification is about; the web app groups and words them by kind. */
export const NOTIFICATION_KINDS = ['new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed', 'handoff_note'] as const;
/** Kinds about customer mail: these can be limited to the hours someone is on duty. */
export const NEW_MAIL_KINDS = ['new_conversation', 'customer_reply'] as const satisfies readonly NotificationKind[];
/** The ways a notification reaches someone: the centre (bell), desktop/Web Push, and email (batched). */
export const NOTIFICATION_CHANNELS = ['inApp', 'push', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationDto {
  id: string;
  kind: NotificationKind;
  title: string;
  /** The customer's own first words (cut only at a word boundary), a note's text, or a reason. */
  body: string;
  /** Where the notification leads, inside the app (e.g. /inbox/all/123). */
  url: string;
  actor: { id: string; name: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationListDto {
  items: NotificationDto[];
  unread: number;
}

/**
 * Per kind and channel, whether it reaches you (every channel is on until someone turns it off);
 * `onlyOnDuty` (new-mail kinds) keeps customer mail to the hours you are on duty.
 */
export interface NotificationPreferenceDto {
  inApp: boolean;
  push: boolean;
  email: boolean;
  onlyOnDuty: boolean;
}
export type NotificationPreferencesDto = Record<NotificationKind, NotificationPreferenceDto>;
