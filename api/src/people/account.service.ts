import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner } from '../database/transaction.js';
import type { AccountSessionDto } from './account.types.js';
import { hashPassword, verifyPassword } from './password.js';
import { PersonRepository } from './person.repository.js';
import { SessionRepository } from './session.repository.js';
import type { Authenticated } from './session.service.js';
import { retryMessage, signInThrottleKeys } from './sign-in-throttle.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';

/** What people control about their own account: their password and where they are signed in. */
@Injectable()
export class AccountService {
  constructor(
    private readonly people: PersonRepository,
    private readonly sessions: SessionRepository,
    private readonly throttle: SignInThrottleRepository,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Needs the current password (counted like a sign-in, so a borrowed session cannot guess it);
   * the new one takes effect at once and every other session ends, in one transaction.
   */
  async changePassword(auth: Authenticated, input: { currentPassword: string; newPassword: string }, ip: string | null): Promise<{ signedOut: number }> {
    const keys = signInThrottleKeys({ email: auth.person.email, ip, knownDeviceId: null });
    const claim = await this.throttle.claim(keys, this.clock.now());
    if (!claim.allowed) throw new AppError('rate_limited', retryMessage(claim.retryAfterSeconds), undefined, claim.retryAfterSeconds);
    if (!(await verifyPassword(auth.person.passwordHash, input.currentPassword))) {
      throw new AppError('validation_failed', 'Your current password is not correct.', { currentPassword: ['Your current password is not correct'] });
    }
    await this.throttle.settleSuccess(keys);
    const passwordHash = await hashPassword(input.newPassword);
    return this.transactions.run(async (tx) => {
      const person = await this.people.findById(auth.person.id, tx, { forUpdate: true });
      if (!person) throw new AppError('not_found', 'No such person.');
      person.passwordHash = passwordHash;
      await this.people.save(person, tx);
      const signedOut = await this.sessions.deleteAllExcept(person.id, auth.session.id, tx);
      await this.audit.record({ actorId: person.id, action: 'person.password_changed', targetType: 'person', targetId: person.id, ip, details: { otherSessionsEnded: signedOut } }, tx);
      return { signedOut };
    });
  }

  async listSessions(auth: Authenticated): Promise<AccountSessionDto[]> {
    return (await this.sessions.listFor(auth.person.id)).map((session) => ({
      id: session.id,
      userAgent: session.userAgent,
      ip: session.ip,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      current: session.id === auth.session.id,
    }));
  }

  /** Signs one of your sessions out (another browser; your current one is "Sign out"). */
  async endSession(auth: Authenticated, id: string, ip: string | null): Promise<void> {
    if (!isUuid(id) || !(await this.sessions.deleteOwned(id, auth.person.id))) throw new AppError('not_found', 'No such session.');
    await this.audit.record({ actorId: auth.person.id, action: 'session.revoked', targetType: 'person', targetId: auth.person.id, ip, details: { sessions: 1 } });
  }

  async endOtherSessions(auth: Authenticated, ip: string | null): Promise<{ signedOut: number }> {
    const signedOut = await this.sessions.deleteAllExcept(auth.person.id, auth.session.id);
    await this.audit.record({ actorId: auth.person.id, action: 'session.revoked', targetType: 'person', targetId: auth.person.id, ip, details: { sessions: signedOut } });
    return { signedOut };
  }
}
