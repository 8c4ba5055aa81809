import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { verifyPassword } from './password.js';
import { PeopleService } from './people.service.js';
import type { Person } from './person.entity.js';
import { SessionService } from './session.service.js';
import { decideSignInThrottle, SIGN_IN_LIMITS } from './sign-in-throttle.js';

const WRONG_CREDENTIALS = 'Email or password is incorrect.';

@Injectable()
export class SignInService {
  constructor(
    private readonly people: PeopleService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Signs in, or fails with the same answer for an unknown email, a wrong password and a deactivated account. */
  async signIn(email: string, password: string, client: { ip: string | null; userAgent: string | null }): Promise<{ token: string; person: Person; csrfToken: string }> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowSeconds * 1000);
    const [account, address] = await Promise.all([
      this.audit.countSince({ action: 'session.sign_in_failed', since, targetId: email }),
      client.ip ? this.audit.countSince({ action: 'session.sign_in_failed', since, ip: client.ip }) : { count: 0, oldest: null },
    ]);
    const decision = decideSignInThrottle({ account, address, now });
    if (!decision.allowed) {
      const minutes = Math.ceil(decision.retryAfterSeconds / 60);
      throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, decision.retryAfterSeconds);
    }

    const person = await this.people.findByEmail(email);
    const passwordOk = await verifyPassword(person?.passwordHash ?? null, password);
    if (!person || !passwordOk || !person.active) {
      await this.audit.record({
        actorId: null,
        action: 'session.sign_in_failed',
        targetType: 'email',
        targetId: email,
        ip: client.ip,
        details: { reason: !person ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'deactivated' },
      });
      throw new AppError('unauthenticated', WRONG_CREDENTIALS);
    }

    const { token, session } = await this.sessions.create(person, client);
    await this.audit.record({ actorId: person.id, action: 'session.signed_in', targetType: 'person', targetId: person.id, ip: client.ip });
    return { token, person, csrfToken: session.csrfToken };
  }
}
