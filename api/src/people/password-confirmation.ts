import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { verifyPassword } from './password.js';
import type { Authenticated } from './session.service.js';
import { retryMessage, signInThrottleKeys } from './sign-in-throttle.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';

/**
 * Asks a signed-in person for their password again before something a borrowed session must not do
 * (change the password, remove a second factor, replace recovery codes). Counted like a sign-in for
 * (account, address) and the address, claimed before argon2 runs, so a borrowed session cannot guess it.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    private readonly throttle: SignInThrottleRepository,
    private readonly clock: Clock,
  ) {}

  /** Throws 429 while throttled, 400 (on `field`) for a wrong password; returns when it is right. */
  async confirm(auth: Authenticated, password: string, ip: string | null, field = 'password', wrong = 'Your password is not correct.'): Promise<void> {
    const keys = signInThrottleKeys({ email: auth.person.email, ip, knownDeviceId: null });
    const claim = await this.throttle.claim(keys, this.clock.now());
    if (!claim.allowed) throw new AppError('rate_limited', retryMessage(claim.retryAfterSeconds), undefined, claim.retryAfterSeconds);
    if (!(await verifyPassword(auth.person.passwordHash, password))) throw new AppError('validation_failed', wrong, { [field]: [wrong.replace(/\.$/, '')] });
    await this.throttle.settleSuccess(keys);
  }
}
