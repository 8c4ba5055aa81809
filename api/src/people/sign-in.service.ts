import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { DeviceCookieSigner } from './device-cookie.js';
import { verifyPassword } from './password.js';
import { PeopleService } from './people.service.js';
import type { Person } from './person.entity.js';
import type { PendingSignInRow } from './second-factor.entity.js';
import { SecondFactorRepository } from './second-factor.repository.js';
import { SecondFactorService } from './second-factor.service.js';
import type { SecondFactorMethod } from './second-factor.types.js';
import { PENDING_SIGN_IN_MS } from './session-cookie.js';
import { SessionService } from './session.service.js';
import { SignInAlertsService } from './sign-in-alerts.service.js';
import { SignInPreload } from './sign-in-preload.js';
import { retryMessage, secondFactorThrottleKeys, shouldAlertOwner, signInThrottleKeys } from './sign-in-throttle.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';
import type { PasskeySignInOptions, RelyingParty } from './webauthn.js';
import { answeredCredentialId } from './webauthn.js';

const WRONG_CREDENTIALS = 'Email or password is incorrect.';
const PENDING_EXPIRED = 'Your sign-in timed out. Enter your email and password again.';
/** Wrong second-step answers before the half-finished sign-in ends (the password is asked again). */
const PENDING_FAILURE_LIMIT = 5;

export interface SignInClient {
  ip: string | null;
  userAgent: string | null;
  /** The device cookie this browser sent, if any. */
  deviceCookie: string | null;
}

export interface SignedIn {
  kind: 'signed_in';
  token: string;
  person: Person;
  csrfToken: string;
  deviceCookie: string;
  mustEnrolSecondFactor: boolean;
  /** What the first page shows, when asked for and loaded (SignInPreload). */
  preloaded?: Record<string, unknown>;
}

export interface SecondStepNeeded {
  kind: 'second_step';
  /** For the short-lived pending cookie; only its SHA-256 is stored. */
  pendingToken: string;
  methods: SecondFactorMethod[];
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
    private readonly secondFactors: SecondFactorService,
    private readonly pending: SecondFactorRepository,
    private readonly clock: Clock,
    private readonly preloads: SignInPreload,
  ) {}

  /**
   * The password step. Fails with the same answer for an unknown email, a wrong password and a
   * deactivated account. The attempt is claimed (counted) before the password is checked, so
   * parallel guesses cannot slip past the limit. Someone with a second factor gets a pending
   * sign-in (no session) and must take the second step; everyone else is signed in.
   *
   * `preload`: what the first page will show (see SignInPreload), loaded once the password is
   * right, beside the session's own writes, and answered with the sign-in.
   */
  async signIn(email: string, password: string, client: SignInClient, preload?: string): Promise<SignedIn | SecondStepNeeded> {
    const now = this.clock.now();
    const person = await this.people.findByEmail(email);
    const device = client.deviceCookie ? this.devices.verify(client.deviceCookie) : null;
    const knownDeviceId = device && person && device.personId === person.id ? device.deviceId : null;
    const keys = signInThrottleKeys({ email, ip: client.ip, knownDeviceId });

    const claim = await this.throttle.claim(keys, now);
    if (!claim.allowed) throw new AppError('rate_limited', retryMessage(claim.retryAfterSeconds), undefined, claim.retryAfterSeconds);

    // While argon2 works (on its own thread), what a right password leads to is read: the answer
    // is the same whatever these say, so nothing shows before the password is checked.
    const passwordChecked = verifyPassword(person?.passwordHash ?? null, password);
    const next = person?.active
      ? Promise.all([this.secondFactors.methodsFor(person.id), this.secondFactors.requiredForEveryone()])
      : Promise.resolve([[], false] as const);
    // Not left unhandled if the password turns out wrong (the reads' own failure then does not matter).
    next.catch(() => undefined);
    const passwordOk = await passwordChecked;
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

    const settled = this.throttle.settleSuccess(keys);
    settled.catch(() => undefined);
    const [methods, mustEnrolSecondFactor] = await next;
    if (methods.length > 0) {
      await settled;
      const pendingToken = randomBytes(32).toString('base64url');
      await this.pending.insertPending({
        tokenHash: hashToken(pendingToken),
        personId: person.id,
        expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS),
        knownDevice: knownDeviceId !== null,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      });
      return { kind: 'second_step', pendingToken, methods: [...methods] };
    }
    // Someone who must first enrol a second factor sees only that page: nothing to preload.
    const preloading = preload !== undefined && !mustEnrolSecondFactor ? this.preloads.load(person.id, preload) : Promise.resolve(undefined);
    const [signedIn, preloaded] = await Promise.all([
      this.finish(person, client, { knownDevice: knownDeviceId !== null, secondFactor: null, mustEnrolSecondFactor }),
      preloading,
      settled,
    ]);
    return preloaded ? { ...signedIn, preloaded } : signedIn;
  }

  /** Which second steps a pending sign-in can take (the page reloaded), or null when there is none. */
  async pendingMethods(pendingToken: string | null): Promise<SecondFactorMethod[] | null> {
    const pending = pendingToken ? await this.pending.findPending(hashToken(pendingToken), this.clock.now()) : null;
    return pending?.person?.active ? this.secondFactors.methodsFor(pending.personId) : null;
  }

  /** The second step with a code from the authenticator app, or a recovery code. */
  async secondStepWithCode(pendingToken: string | null, method: 'totp' | 'recovery', code: string, client: SignInClient): Promise<SignedIn> {
    const pending = await this.livePending(pendingToken);
    return this.secondStep(pending, method, client, () =>
      method === 'totp' ? this.secondFactors.verifyTotp(pending.personId, code) : this.secondFactors.useRecoveryCode(pending.personId, code),
    );
  }

  /** Options for navigator.credentials.get(), with a fresh challenge kept on the pending sign-in. */
  async passkeyOptions(pendingToken: string | null, rp: RelyingParty): Promise<PasskeySignInOptions> {
    const pending = await this.livePending(pendingToken);
    const challenge = randomBytes(32).toString('base64url');
    const options = await this.secondFactors.passkeySignInOptions(pending.personId, rp, challenge);
    if (!options) throw new AppError('conflict', 'You have no passkey. Use your authenticator app or a recovery code.');
    await this.pending.setPendingChallenge(pending.id, options.challenge);
    return options;
  }

  async secondStepWithPasskey(pendingToken: string | null, rp: RelyingParty, response: unknown, client: SignInClient): Promise<SignedIn> {
    const pending = await this.livePending(pendingToken);
    return this.secondStep(pending, 'passkey', client, async () => {
      // The challenge is spent whatever the answer: one answer per challenge.
      const challenge = await this.pending.takePendingChallenge(pending.id);
      const credentialId = answeredCredentialId(response);
      return !!challenge && !!credentialId && this.secondFactors.verifyPasskey(pending.personId, rp, credentialId, response, challenge);
    });
  }

  /** Leaves a half-finished sign-in (the "Cancel" on the second step). */
  async cancelPending(pendingToken: string | null): Promise<void> {
    const pending = pendingToken ? await this.pending.findPending(hashToken(pendingToken), this.clock.now()) : null;
    if (pending) await this.pending.deletePending(pending.id);
  }

  private async livePending(pendingToken: string | null): Promise<PendingSignInRow & { person: Person }> {
    const pending = pendingToken ? await this.pending.findPending(hashToken(pendingToken), this.clock.now()) : null;
    if (!pending?.person?.active) throw new AppError('unauthenticated', PENDING_EXPIRED);
    return pending as PendingSignInRow & { person: Person };
  }

  private async secondStep(pending: PendingSignInRow & { person: Person }, method: SecondFactorMethod, client: SignInClient, check: () => Promise<boolean>): Promise<SignedIn> {
    const keys = secondFactorThrottleKeys(pending.personId);
    const claim = await this.throttle.claim(keys, this.clock.now());
    if (!claim.allowed) throw new AppError('rate_limited', retryMessage(claim.retryAfterSeconds), undefined, claim.retryAfterSeconds);
    if (!(await check())) {
      const open = await this.pending.failPending(pending.id, PENDING_FAILURE_LIMIT);
      await this.audit.record({ actorId: null, action: 'session.second_factor_failed', targetType: 'person', targetId: pending.personId, ip: client.ip, details: { method, pendingEnded: !open } });
      if (!open) throw new AppError('unauthenticated', `Too many wrong codes. ${PENDING_EXPIRED}`);
      const message =
        method === 'passkey'
          ? 'The passkey was not accepted. Try again, or use your authenticator app or a recovery code.'
          : method === 'totp'
            ? 'That code is not right, or was used already. Type the code your app shows now.'
            : 'That recovery code is not right, or was used already.';
      throw new AppError('validation_failed', message, method === 'passkey' ? undefined : { code: [message] });
    }
    await this.throttle.settleSuccess(keys);
    // One session per pending sign-in, even when two second steps race.
    if (!(await this.pending.deletePending(pending.id))) throw new AppError('unauthenticated', PENDING_EXPIRED);
    return this.finish(pending.person, client, { knownDevice: pending.knownDevice, secondFactor: method, mustEnrolSecondFactor: false });
  }

  private async finish(person: Person, client: SignInClient, how: { knownDevice: boolean; secondFactor: SecondFactorMethod | null; mustEnrolSecondFactor: boolean }): Promise<SignedIn> {
    const { token, session } = await this.sessions.create(person, client, { mustEnrolSecondFactor: how.mustEnrolSecondFactor });
    await this.audit.record({
      actorId: person.id,
      action: 'session.signed_in',
      targetType: 'person',
      targetId: person.id,
      ip: client.ip,
      details: { knownDevice: how.knownDevice, secondFactor: how.secondFactor, ...(how.mustEnrolSecondFactor ? { mustEnrolSecondFactor: true } : {}) },
    });
    const device = client.deviceCookie ? this.devices.verify(client.deviceCookie) : null;
    const deviceCookie = device && device.personId === person.id && client.deviceCookie ? client.deviceCookie : this.devices.issue(person.id);
    return { kind: 'signed_in', token, person, csrfToken: session.csrfToken, deviceCookie, mustEnrolSecondFactor: how.mustEnrolSecondFactor };
  }

  @Cron(CronExpression.EVERY_HOUR)
  async forgetQuietThrottles(): Promise<void> {
    const now = this.clock.now();
    await this.throttle.deleteQuiet(new Date(now.getTime() - 86_400_000));
    await this.pending.deleteExpiredPending(now);
  }
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
