import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import { type OutgoingMail, sendMail, smtpSettingsFromUrl } from '../mail/smtp-transport.js';

/** Where system mail goes out, if anywhere: SMTP_URL, else the first mailbox's SMTP server, else nowhere. */
export type SystemMailRoute = { via: 'smtp_url' } | { via: 'mailbox'; address: string } | { via: 'none' };

export type SystemMailResult = { sent: true } | { sent: false; noServer: boolean; error: string };

/**
 * System mail (invitations, notification emails) goes through SMTP_URL when it is set, otherwise through
 * the first mailbox's SMTP server from that mailbox's address; with neither, nothing can be sent and callers say so.
 */
@Injectable()
export class SystemMailService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly mailboxes: MailboxesService,
  ) {}

  async route(): Promise<SystemMailRoute> {
    if (this.config.smtpUrl) return { via: 'smtp_url' };
    const [first] = await this.mailboxes.list();
    return first ? { via: 'mailbox', address: first.address } : { via: 'none' };
  }

  /** Sends; never throws: a missing server or an SMTP failure comes back as data. */
  async deliver(mail: Omit<OutgoingMail, 'from'>): Promise<SystemMailResult> {
    try {
      if (this.config.smtpUrl) {
        await sendMail(smtpSettingsFromUrl(this.config.smtpUrl), { ...mail, from: this.config.mailFrom });
        return { sent: true };
      }
      const [first] = await this.mailboxes.list();
      if (!first) return { sent: false, noServer: true, error: 'No SMTP_URL is set and there is no mailbox yet' };
      const outgoing = await this.mailboxes.outgoing(first.id);
      await sendMail(outgoing.smtp, { ...mail, from: { name: outgoing.name, address: outgoing.address } });
      return { sent: true };
    } catch (error) {
      return { sent: false, noServer: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Sends, or answers why it cannot, in words for an admin holding a link (invitations). */
  async send(mail: Omit<OutgoingMail, 'from'>): Promise<{ sent: true } | { sent: false; problem: string }> {
    const result = await this.deliver(mail);
    if (result.sent) return result;
    return {
      sent: false,
      problem: result.noServer
        ? 'No SMTP_URL is set and there is no mailbox yet, so Wholegrain cannot send email: copy the link and send it yourself.'
        : `The email could not be sent (${result.error}): copy the link and send it yourself.`,
    };
  }
}
