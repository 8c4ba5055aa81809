import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { sendMail, smtpSettingsFromUrl } from '../mail/smtp-transport.js';
import { NoSystemMailServer, SYSTEM_MAIL, type SystemMail, type SystemMailMessage, type SystemMailResult, type SystemMailRoute } from '../mail/system-mail.js';
import { MailboxCredentialsService } from './mailbox-credentials.service.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxesModule } from './mailboxes.module.js';

/** The display name system mail carries when it goes out from a mailbox's address. */
export const SYSTEM_MAIL_NAME = 'Wholegrain';

/**
 * The one implementation of the SystemMail port: SMTP_URL (from MAIL_FROM) when it is set, otherwise the
 * first mailbox (by creation order) with working SMTP settings, from that mailbox's address as "Wholegrain";
 * with neither, nothing is sent and callers say so.
 */
@Injectable()
export class SystemMailService implements SystemMail {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly mailboxes: MailboxRepository,
    private readonly credentials: MailboxCredentialsService,
  ) {}

  async route(): Promise<SystemMailRoute> {
    if (this.config.smtpUrl) return { via: 'smtp_url' };
    const first = await this.mailboxes.firstWithSmtp();
    return first ? { via: 'mailbox', address: first.address, name: first.name } : { via: 'none' };
  }

  async send(mail: SystemMailMessage): Promise<void> {
    if (this.config.smtpUrl) {
      await sendMail(smtpSettingsFromUrl(this.config.smtpUrl), { ...mail, from: this.config.mailFrom });
      return;
    }
    const first = await this.mailboxes.firstWithSmtp();
    if (!first) throw new NoSystemMailServer();
    await sendMail(await this.credentials.smtpSettings(first), { ...mail, from: { name: SYSTEM_MAIL_NAME, address: first.address } });
  }

  async deliver(mail: SystemMailMessage): Promise<SystemMailResult> {
    try {
      await this.send(mail);
      return { sent: true };
    } catch (error) {
      return { sent: false, noServer: error instanceof NoSystemMailServer, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** Provides the SystemMail port to every module (people/, duty/, digest/ cannot import this folder). */
@Global()
@Module({
  imports: [MailboxesModule],
  providers: [SystemMailService, { provide: SYSTEM_MAIL, useExisting: SystemMailService }],
  exports: [SYSTEM_MAIL],
})
export class SystemMailModule {}
