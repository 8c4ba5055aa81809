import { Inject, Injectable, Logger } from '@nestjs/common';
import { NO_SYSTEM_MAIL, NoSystemMailServer, SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { AccountAlertRepository } from './account-alert.repository.js';
import type { Person } from './person.entity.js';
import { SIGN_IN_POLICY } from './sign-in-throttle.js';

/**
 * Tells a person that someone is guessing their password: an in-app notice, and an email through
 * system mail when there is a way to send it. At most one per person per hour, however many processes run.
 */
@Injectable()
export class SignInAlertsService {
  private readonly logger = new Logger(SignInAlertsService.name);

  constructor(
    private readonly alerts: AccountAlertRepository,
    @Inject(SYSTEM_MAIL) private readonly systemMail: SystemMail,
  ) {}

  async passwordGuessing(person: Person, at: Date, ip: string | null): Promise<void> {
    const hour = at.toISOString().slice(0, 13);
    const title = 'Someone is trying to sign in to your account';
    const body =
      `${SIGN_IN_POLICY.alertAtAccountFailure} wrong passwords were tried for ${person.email} within an hour, the latest from ${ip ?? 'an unknown address'} ` +
      `at ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC. Further tries are being slowed down; you can still sign in from a browser you used before. ` +
      'If it was not you and you use this password anywhere else, change it there and here.';
    const noticeId = await this.alerts.claimNotice({ personId: person.id, kind: 'sign_in_alert', dedupeKey: `sign_in_alert:${person.id}:${hour}`, title, body });
    if (!noticeId) return;
    try {
      await this.systemMail.send({
        to: { name: person.name, address: person.email },
        subject: title,
        text: `Hi ${person.name},\n\n${body}\n\n— Wholegrain`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
      await this.alerts.setNoticeEmail(noticeId, 'sent', null);
    } catch (error) {
      if (error instanceof NoSystemMailServer) return this.alerts.setNoticeEmail(noticeId, 'skipped', `${NO_SYSTEM_MAIL}: the alert is in the app only.`);
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Sign-in alert email to person ${person.id} failed: ${message}`);
      await this.alerts.setNoticeEmail(noticeId, 'failed', message);
    }
  }
}
