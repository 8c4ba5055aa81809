import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import { type OutgoingMail, sendMail, smtpSettingsFromUrl } from '../mail/smtp-transport.js';

/**
 * System mail (invitations) goes through SMTP_URL when it is set, otherwise through the first mailbox's
 * SMTP server from that mailbox's address; with neither, nothing can be sent and callers say so.
 */
@Injectable()
export class SystemMailService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly mailboxes: MailboxesService,
  ) {}

  /** Sends, or answers why it cannot (never throws for a missing server; SMTP failures come back as text). */
  async send(mail: Omit<OutgoingMail, 'from'>): Promise<{ sent: true } | { sent: false; problem: string }> {
    try {
      if (this.config.smtpUrl) {
        await sendMail(smtpSettingsFromUrl(this.config.smtpUrl), { ...mail, from: this.config.mailFrom });
        return { sent: true };
      }
      const [first] = await this.mailboxes.list();
      if (!first) return { sent: false, problem: 'No SMTP_URL is set and there is no mailbox yet, so Wholegrain cannot send email: copy the link and send it yourself.' };
      const outgoing = await this.mailboxes.outgoing(first.id);
      await sendMail(outgoing.smtp, { ...mail, from: { name: outgoing.name, address: outgoing.address } });
      return { sent: true };
    } catch (error) {
      return { sent: false, problem: `The email could not be sent (${error instanceof Error ? error.message : String(error)}): copy the link and send it yourself.` };
    }
  }
}
