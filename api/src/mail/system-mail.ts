import type { OutgoingMail } from './smtp-transport.js';

/**
 * The port every sender of Wholegrain's own mail (duty reminders, digests, sign-in alerts, password
 * resets, notification emails, invitations) depends on. It lives low (api/src/mail) so that people/,
 * duty/ and digest/ can use it; the one implementation lives where mailboxes may be read and is
 * provided globally under SYSTEM_MAIL.
 */
export const SYSTEM_MAIL = Symbol('SYSTEM_MAIL');

/** Where system mail goes out, if anywhere: SMTP_URL, else the first mailbox with SMTP settings, else nowhere. */
export type SystemMailRoute = { via: 'smtp_url' } | { via: 'mailbox'; address: string; name: string } | { via: 'none' };

export type SystemMailResult = { sent: true } | { sent: false; noServer: boolean; error: string };

/** System mail: everything but the sender, which the route decides. */
export type SystemMailMessage = Omit<OutgoingMail, 'from'>;

/** The plain reason when there is no route, shown to people (notices, digests, invitations). */
export const NO_SYSTEM_MAIL = 'No SMTP_URL is set and no mailbox has SMTP settings, so Wholegrain cannot send email';

/** Thrown by SystemMail.send when there is no route at all (nothing was tried). */
export class NoSystemMailServer extends Error {
  constructor() {
    super(NO_SYSTEM_MAIL);
    this.name = 'NoSystemMailServer';
  }
}

export interface SystemMail {
  route(): Promise<SystemMailRoute>;
  /** Sends through the route; throws NoSystemMailServer without one, or the SmtpFailure of the attempt. */
  send(mail: SystemMailMessage): Promise<void>;
  /** Like send, but never throws: a missing server or an SMTP failure comes back as data. */
  deliver(mail: SystemMailMessage): Promise<SystemMailResult>;
}
