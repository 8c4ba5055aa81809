/** What a notification is about; the web app groups and words them by kind. */
export const NOTIFICATION_KINDS = ['new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed'] as const;
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

/** Per kind, whether it reaches the in-app centre (every kind is on until someone turns it off). */
export type NotificationPreferencesDto = Record<NotificationKind, { inApp: boolean }>;
