import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CivilDate, DUTY_ROLES, planDuty, reminderDayAt } from '../../../rotation/src/index.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { afterSendFailure, retryDelaySeconds } from '../mail/send-retry.js';
import { NO_SYSTEM_MAIL, NoSystemMailServer, SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { DutyService } from './duty.service.js';
import type { NoticeDto } from './duty.types.js';
import { RotationRepository } from './rotation.repository.js';

/** A claimed reminder email not marked sent or failed within this time is tried again (its sender died). */
const EMAIL_LEASE_SECONDS = 300;

/**
 * The working day before someone's duty, from the handoff time on: an in-app notice and an email
 * (system mail: SMTP_URL, else the first mailbox's SMTP), once per person, rotation, role and day, however many processes run.
 */
@Injectable()
export class DutyRemindersService {
  private readonly logger = new Logger(DutyRemindersService.name);
  private readonly claimed = new Set<string>();

  constructor(
    private readonly duty: DutyService,
    private readonly rotations: RotationRepository,
    private readonly clock: Clock,
    @Inject(SYSTEM_MAIL) private readonly systemMail: SystemMail,
  ) {}

  async runDueReminders(instant: Date): Promise<number> {
    let sent = 0;
    let canEmail: boolean | undefined;
    for (const rotation of await this.duty.list()) {
      const { rotation: domain, changes } = await this.duty.domainOf(rotation.id);
      const day = reminderDayAt(domain, instant);
      if (!day) continue;
      const [planned] = planDuty({ rotation: domain, changes, from: day, to: day }).days;
      for (const role of DUTY_ROLES) {
        const assignment = planned?.[role];
        if (!assignment) continue;
        const dedupeKey = `duty_reminder:${rotation.id}:${day}:${role}:${assignment.personId}`;
        // Claimed already (here or by another process): skip the insert attempt on every tick.
        if (this.claimed.has(dedupeKey)) continue;
        canEmail ??= (await this.systemMail.route()).via !== 'none';
        const notice = await this.rotations.claimNotice(
          {
            personId: assignment.personId,
            kind: 'duty_reminder',
            dedupeKey,
            title: `You are on support ${role === 'primary' ? '' : `as ${role} `}on ${formatDate(day)}`,
            body: `${rotation.name}: your duty starts at ${rotation.handoffTime} (${rotation.timeZone}) on ${formatDate(day)}. Read the handoff note and the open conversations first thing.`,
          },
          canEmail ? { at: instant } : { skipped: `${NO_SYSTEM_MAIL}: the reminder is in the app only.` },
        );
        if (this.claimed.size > 10_000) this.claimed.clear();
        this.claimed.add(dedupeKey);
        if (notice) sent += 1;
      }
    }
    await this.sendDueEmails();
    return sent;
  }

  /**
   * Emails the reminders that are due (new ones, and retries of temporary failures with backoff, like
   * replies). A reminder whose email could not be sent says so in the person's notices.
   */
  async sendDueEmails(): Promise<{ sent: number; retrying: number; failed: number }> {
    const outcome = { sent: 0, retrying: 0, failed: 0 };
    const now = this.clock.now();
    for (const notice of await this.rotations.claimDueEmails(now, EMAIL_LEASE_SECONDS, 20)) {
      if (!notice.personEmail) {
        await this.rotations.setNoticeEmail(notice.id, 'skipped', 'The person is deactivated.');
        continue;
      }
      try {
        await this.systemMail.send({
          to: `${notice.personName ?? ''} <${notice.personEmail}>`,
          subject: notice.title,
          text: `Hi ${notice.personName ?? ''},\n\n${notice.body}\n\n— Wholegrain`,
          // Automated mail: auto-responders should not answer it (RFC 3834; Outlook's own header).
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        await this.rotations.setNoticeEmail(notice.id, 'sent', null);
        outcome.sent += 1;
      } catch (error) {
        if (error instanceof NoSystemMailServer) {
          // The way out went away since the claim (the last mailbox removed): in the app only.
          await this.rotations.setNoticeEmail(notice.id, 'skipped', `${NO_SYSTEM_MAIL}: the reminder is in the app only.`);
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        const next = afterSendFailure(error, notice.emailAttempts);
        this.logger.warn(`Duty reminder email to person ${notice.personId} failed (attempt ${notice.emailAttempts}${next === 'retrying' ? ', will retry' : ''}): ${message}`);
        if (next === 'retrying') {
          await this.rotations.setNoticeEmail(notice.id, 'pending', message, new Date(this.clock.now().getTime() + retryDelaySeconds(notice.emailAttempts) * 1000));
          outcome.retrying += 1;
        } else {
          await this.rotations.setNoticeEmail(notice.id, 'failed', message);
          outcome.failed += 1;
        }
      }
    }
    return outcome;
  }

  async notices(personId: string): Promise<NoticeDto[]> {
    return (await this.rotations.noticesOf(personId)).map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
      email: { status: row.emailStatus, error: row.emailStatus === 'failed' ? row.emailError : null },
    }));
  }

  async markRead(id: string, personId: string): Promise<void> {
    if (!isUuid(id) || !(await this.rotations.markNoticeRead(id, personId, this.clock.now()))) throw new AppError('not_found', 'No such unread notice.');
  }
}

function formatDate(date: CivilDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}
