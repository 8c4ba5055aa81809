import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner } from '../database/transaction.js';
import type { AccountSessionDto } from './account.types.js';
import { hashPassword } from './password.js';
import { PasswordConfirmation } from './password-confirmation.js';
import { PersonRepository } from './person.repository.js';
import { SessionRepository } from './session.repository.js';
import type { Authenticated } from './session.service.js';

/** What people control about their own account: their password and where they are signed in. */
@Injectable()
export class AccountService {
  constructor(
    private readonly people: PersonRepository,
    private readonly sessions: SessionRepository,
    private readonly confirmation: PasswordConfirmation,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * Needs the current password (counted like a sign-in, so a borrowed session cannot guess it);
   * the new one takes effect at once and every other session ends, in one transaction.
   */
  async changePassword(auth: Authenticated, input: { currentPassword: string; newPassword: string }, ip: string | null): Promise<{ signedOut: number }> {
    await this.confirmation.confirm(auth, input.currentPassword, ip, 'currentPassword', 'Your current password is not correct.');
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
