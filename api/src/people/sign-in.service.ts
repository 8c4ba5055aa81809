import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { DeviceCookieSigner } from './device-cookie.js';
import { verifyPassword } from './password.js';
import { PeopleService } from './people.service.js';
import type { Person } from './person.entity.js';
import { SessionService } from './session.service.js';
import { SignInAlertsService } from './sign-in-alerts.service.js';
import { retryMessage, shouldAlertOwner, signInThrottleKeys } from './sign-in-throttle.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';

const WRONG_CREDENTIALS = 'Email or password is incorrect.';

export interface SignInClient {
  ip: string | null;
  userAgent: string | null;
  /** The device cookie this browser sent, if any. */
  deviceCookie: string | null;
}

@Injectable()
export class SignInService {
  private readonly logger = new Logger(SignInService.name);

  constructor(
    private readonly people: PeopleService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottleRepository,
    private readonly alerts: SignInAlertsService,
    private readonly devices: DeviceCookieSigner,
    private readonly clock: Clock,
  ) {}

  /**
   * Signs in, or fails with the same answer for an unknown email, a wrong password and a
   * deactivated account. The attempt is claimed (counted) before the password is checked, so
   * parallel guesses cannot slip past the limit. Returns the device cookie to (re)write.
   */
  async signIn(email: string, password: string, client: SignInClient): Promise<{ token: string; person: Person; csrfToken: string; deviceCookie: string }> {
    const now = this.clock.now();
    const person = await this.people.findByEmail(email);
    const device = client.deviceCookie ? this.devices.verify(client.deviceCookie) : null;
    const knownDeviceId = device && person && device.personId === person.id ? device.deviceId : null;
    const keys = signInThrottleKeys({ email, ip: client.ip, knownDeviceId });

    const claim = await this.throttle.claim(keys, now);
    if (!claim.allowed) throw new AppError('rate_limited', retryMessage(claim.retryAfterSeconds), undefined, claim.retryAfterSeconds);

    const passwordOk = await verifyPassword(person?.passwordHash ?? null, password);
    if (!person || !passwordOk || !person.active) {
      await this.audit.record({
        actorId: null,
        action: 'session.sign_in_failed',
        targetType: 'email',
        targetId: email,
        ip: client.ip,
        details: { reason: !person ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'deactivated', knownDevice: knownDeviceId !== null },
      });
      if (person?.active && shouldAlertOwner(keys, claim.failures)) {
        // Not awaited: the answer must not wait for (or reveal) the owner's mail server.
        this.alerts.passwordGuessing(person, now, client.ip).catch((error: unknown) => this.logger.warn(`Sign-in alert failed: ${String(error)}`));
      }
      throw new AppError('unauthenticated', WRONG_CREDENTIALS);
    }

    await this.throttle.settleSuccess(keys);
    const { token, session } = await this.sessions.create(person, client);
    await this.audit.record({ actorId: person.id, action: 'session.signed_in', targetType: 'person', targetId: person.id, ip: client.ip, details: { knownDevice: knownDeviceId !== null } });
    return { token, person, csrfToken: session.csrfToken, deviceCookie: knownDeviceId && client.deviceCookie ? client.deviceCookie : this.devices.issue(person.id) };
  }

  @Cron(CronExpression.EVERY_HOUR)
  async forgetQuietThrottles(): Promise<void> {
    await this.throttle.deleteQuiet(new Date(this.clock.now().getTime() - 86_400_000));
  }
}
