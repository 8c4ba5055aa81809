import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction.js';
import { SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { hashPassword } from './password.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PersonRepository } from './person.repository.js';
import type { Person } from './person.entity.js';
import { SessionRepository } from './session.repository.js';

export const RESET_LIFETIME_MS = 30 * 60_000;
/** One email per person per this long, however often someone asks. */
const RESEND_AFTER_MS = 60_000;

/**
 * Password reset for people who forgot theirs: a single-use link (30 minutes; only the token's
 * SHA-256 is stored) by system mail (SMTP_URL, else the first mailbox's SMTP), or made by an admin when there is no SMTP. The
 * link carries the token after `#`, so it never reaches a server log or a Referer header.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly resets: PasswordResetRepository,
    private readonly people: PersonRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SYSTEM_MAIL) private readonly systemMail: SystemMail,
  ) {}

  /** Answers the same whether the address exists or not; the email goes out after the answer. */
  async requestByEmail(email: string, origin: string): Promise<void> {
    const person = await this.people.findByEmail(email);
    if (!person?.active || (await this.systemMail.route()).via === 'none') return;
    const now = this.clock.now();
    if (await this.resets.existsSince(person.id, new Date(now.getTime() - RESEND_AFTER_MS))) return;
    const url = await this.create(person, null, origin);
    void this.email(person, url).catch((error: unknown) => this.logger.warn(`Password reset email to person ${person.id} failed: ${String(error)}`));
  }

  /** An admin's link for someone (no SMTP needed): shown once, handed over by the admin. */
  async adminLink(actor: Person, personId: string, origin: string, ip: string | null): Promise<{ url: string; expiresAt: string }> {
    const person = isUuid(personId) ? await this.people.findById(personId) : null;
    if (!person) throw new AppError('not_found', 'No such person.');
    if (!person.active) throw new AppError('conflict', 'Reactivate this person before making a reset link.');
    const url = await this.create(person, actor.id, origin);
    await this.audit.record({ actorId: actor.id, action: 'person.reset_link_created', targetType: 'person', targetId: person.id, ip });
    return { url, expiresAt: new Date(this.clock.now().getTime() + RESET_LIFETIME_MS).toISOString() };
  }

  /** Uses a link once: the new password, every session ended, every other open link spent. */
  async confirm(token: string, newPassword: string, ip: string | null): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    await this.transactions.run(async (tx) => {
      const personId = await this.resets.claim(hashToken(token), this.clock.now(), tx);
      const person = personId ? await this.people.findById(personId, tx, { forUpdate: true }) : null;
      if (!person?.active) throw new AppError('validation_failed', 'This reset link is not valid any more: it was used, or it is older than 30 minutes. Ask for a new one.', { token: ['Expired or already used'] });
      person.passwordHash = passwordHash;
      await this.people.save(person, tx);
      await this.sessions.deleteAllFor(person.id, tx);
      await this.audit.record({ actorId: person.id, action: 'person.password_reset', targetType: 'person', targetId: person.id, ip }, tx);
    });
  }

  private async create(person: Person, createdBy: string | null, origin: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.resets.insert({ personId: person.id, tokenHash: hashToken(token), createdBy, createdAt: now, expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS) });
    return `${(this.config.publicUrl ?? origin).replace(/\/$/, '')}/reset-password#token=${token}`;
  }

  private async email(person: Person, url: string): Promise<void> {
    await this.systemMail.send({
      to: { name: person.name, address: person.email },
      subject: 'Reset your Wholegrain password',
      text: `Hi ${person.name},\n\nSomeone (hopefully you) asked to reset your Wholegrain password. Open this link within 30 minutes to choose a new one; it works once:\n\n${url}\n\nIf it was not you, ignore this email: your password stays as it is.\n\n— Wholegrain`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
