export interface PushKeyDto {
  /** The server's VAPID public key (base64url), for PushManager.subscribe({ applicationServerKey }). */
  publicKey: string;
  /** How many devices of yours are subscribed. */
  devices: number;
}

export interface PushTestDto {
  devices: number;
  delivered: number;
}

/** Where system mail (reminders, digests, notifications, invitations, password resets) goes out. */
export interface SystemMailDto {
  via: 'smtp_url' | 'mailbox' | 'none';
  /** The mailbox whose SMTP server is used, when via is 'mailbox'. */
  mailbox: string | null;
}
