import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { renderSVG } from 'uqr';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { SecretBox } from '../common/secret-box.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { PasswordConfirmation } from './password-confirmation.js';
import { PersonRepository } from './person.repository.js';
import type { SecondFactorMethod, SecondFactorOverviewDto, SignInPolicyDto, TotpEnrolmentDto } from './second-factor.types.js';
import { SecondFactorRepository } from './second-factor.repository.js';
import type { PasskeyCredentialRow } from './second-factor.entity.js';
import { SessionRepository } from './session.repository.js';
import type { Authenticated } from './session.service.js';
import { matchTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri } from './totp.js';
import { checkRegistration, checkSignIn, type PasskeyRegistrationOptions, type PasskeySignInOptions, type RelyingParty, registrationOptions, signInOptions, type StoredPasskey } from './webauthn.js';

const REGISTRATION_CHALLENGE_MS = 5 * 60_000;

/** The key recovery codes and passkey registration challenges are HMAC'd under (derived from SECRET_KEY). */
export class SecondFactorKeys {
  readonly key: Buffer;
  constructor(secretKey: Buffer) {
    this.key = createHmac('sha256', secretKey).update('wholegrain second factor v1').digest();
  }
  mac(value: string): Buffer {
    return createHmac('sha256', this.key).update(value).digest();
  }
}

/**
 * Second factors: an authenticator app (TOTP, the seed sealed at rest), passkeys, and ten
 * one-time recovery codes; whether the admins require one from everyone; and the admins' reset
 * for someone who lost theirs.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly factors: SecondFactorRepository,
    private readonly people: PersonRepository,
    private readonly sessions: SessionRepository,
    private readonly secrets: SecretBox,
    private readonly keys: SecondFactorKeys,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  // --- what a person has ---

  /** The second steps this person can take at sign-in; empty when they have no second factor. */
  async methodsFor(personId: string): Promise<SecondFactorMethod[]> {
    const enrolled = (await this.factors.enrolledMethods([personId])).get(personId) ?? [];
    if (enrolled.length === 0) return [];
    return [...enrolled, ...((await this.factors.countUnusedRecoveryCodes(personId)) > 0 ? (['recovery'] as const) : [])];
  }

  requiredForEveryone(): Promise<boolean> {
    return this.factors.requireForEveryone();
  }

  async overview(auth: Authenticated): Promise<SecondFactorOverviewDto> {
    const personId = auth.person.id;
    const [totp, passkeys, recoveryCodesLeft, required] = await Promise.all([
      this.factors.findTotp(personId),
      this.factors.listPasskeys(personId),
      this.factors.countUnusedRecoveryCodes(personId),
      this.factors.requireForEveryone(),
    ]);
    return {
      totp: !!totp?.confirmedAt,
      passkeys: passkeys.map((passkey) => ({ id: passkey.id, name: passkey.name, createdAt: passkey.createdAt.toISOString(), lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null })),
      recoveryCodesLeft,
      required,
    };
  }

  // --- authenticator app ---

  /** A new seed to scan; it counts only once confirmed with a code from the app. */
  async startTotp(auth: Authenticated): Promise<TotpEnrolmentDto> {
    const existing = await this.factors.findTotp(auth.person.id);
    if (existing?.confirmedAt) throw new AppError('conflict', 'An authenticator app is already set up. Remove it first to set up another.');
    const secret = newTotpSecret();
    await this.factors.startTotp(auth.person.id, this.secrets.seal(secret, totpAssociatedData(auth.person.id)));
    const uri = otpauthUri(secret, 'Wholegrain', auth.person.email);
    return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri, { border: 2 })).toString('base64')}` };
  }

  /** Confirms the app with a code it shows; the first second factor brings ten recovery codes. */
  async confirmTotp(auth: Authenticated, code: string, ip: string | null): Promise<{ recoveryCodes: string[] | null }> {
    const personId = auth.person.id;
    const totp = await this.factors.findTotp(personId);
    if (!totp) throw new AppError('conflict', 'Start setting up the authenticator app first.');
    if (totp.confirmedAt) throw new AppError('conflict', 'Your authenticator app is already set up.');
    const now = this.clock.now();
    const step = matchTotp(this.openTotp(personId, totp.secretSealed), code, now, null);
    if (step === null) throw new AppError('validation_failed', 'That code does not match. Check the time on your phone and type the code the app shows now.', { code: ['That code does not match'] });
    return this.transactions.run(async (tx) => {
      if (!(await this.factors.spendTotpStep(personId, step, { confirmAt: now, tx }))) throw new AppError('conflict', 'Your authenticator app is already set up.');
      const recoveryCodes = await this.firstFactorAdded(personId, tx);
      await this.audit.record({ actorId: personId, action: 'person.second_factor_added', targetType: 'person', targetId: personId, ip, details: { method: 'totp' } }, tx);
      return { recoveryCodes };
    });
  }

  /** Needs the person's password again (a borrowed session must not weaken the account). */
  async removeTotp(auth: Authenticated, password: string, ip: string | null): Promise<void> {
    await this.confirmation.confirm(auth, password, ip);
    await this.transactions.run(async (tx) => {
      await this.assertCanRemove(auth.person.id, { totp: true }, tx);
      if (!(await this.factors.deleteTotp(auth.person.id, tx))) throw new AppError('not_found', 'No authenticator app is set up.');
      await this.afterRemoval(auth.person.id, tx);
      await this.audit.record({ actorId: auth.person.id, action: 'person.second_factor_removed', targetType: 'person', targetId: auth.person.id, ip, details: { method: 'totp' } }, tx);
    });
  }

  /** Checks a code at sign-in and spends its step (the same code never works twice). */
  async verifyTotp(personId: string, code: string): Promise<boolean> {
    const totp = await this.factors.findTotp(personId);
    if (!totp?.confirmedAt) return false;
    const lastUsed = totp.lastUsedStep === null ? null : Number(totp.lastUsedStep);
    const step = matchTotp(this.openTotp(personId, totp.secretSealed), code, this.clock.now(), lastUsed);
    return step !== null && (await this.factors.spendTotpStep(personId, step));
  }

  // --- passkeys ---

  /** Options for navigator.credentials.create(); the challenge is signed, bound to this session and 5 minutes. */
  async passkeyRegistrationOptions(auth: Authenticated, rp: RelyingParty): Promise<PasskeyRegistrationOptions> {
    const nonce = randomBytes(16).toString('base64url');
    const expires = this.clock.now().getTime() + REGISTRATION_CHALLENGE_MS;
    const challenge = `${nonce}.${expires}.${this.registrationMac(auth.session.id, nonce, expires)}`;
    const existing = (await this.factors.listPasskeys(auth.person.id)).map(storedPasskey);
    return registrationOptions(rp, auth.person, challenge, existing);
  }

  async addPasskey(auth: Authenticated, rp: RelyingParty, name: string, response: unknown, ip: string | null): Promise<{ recoveryCodes: string[] | null }> {
    const personId = auth.person.id;
    const now = this.clock.now().getTime();
    const passkey = await checkRegistration(rp, response, (encoded) => {
      const [nonce, expires, mac] = Buffer.from(encoded, 'base64url').toString('utf8').split('.');
      if (!nonce || !expires || !mac || Number(expires) < now) return false;
      const expected = Buffer.from(this.registrationMac(auth.session.id, nonce, Number(expires)));
      const given = Buffer.from(mac);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!passkey) throw new AppError('validation_failed', 'The passkey could not be checked. Try adding it again.');
    return this.transactions.run(async (tx) => {
      const hadFactor = ((await this.factors.enrolledMethods([personId])).get(personId) ?? []).length > 0;
      try {
        await this.factors.insertPasskey({ personId, credentialId: passkey.credentialId, publicKey: passkey.publicKey, counter: String(passkey.counter), transports: passkey.transports, name }, tx);
      } catch {
        throw new AppError('conflict', 'This passkey is already added.');
      }
      const recoveryCodes = hadFactor ? null : await this.firstFactorAdded(personId, tx);
      await this.audit.record({ actorId: personId, action: 'person.second_factor_added', targetType: 'person', targetId: personId, ip, details: { method: 'passkey' } }, tx);
      return { recoveryCodes };
    });
  }

  /** Needs the person's password again. */
  async removePasskey(auth: Authenticated, id: string, password: string, ip: string | null): Promise<void> {
    await this.confirmation.confirm(auth, password, ip);
    await this.transactions.run(async (tx) => {
      if (!isUuid(id)) throw new AppError('not_found', 'No such passkey.');
      await this.assertCanRemove(auth.person.id, { passkeyId: id }, tx);
      if (!(await this.factors.deletePasskey(auth.person.id, id, tx))) throw new AppError('not_found', 'No such passkey.');
      await this.afterRemoval(auth.person.id, tx);
      await this.audit.record({ actorId: auth.person.id, action: 'person.second_factor_removed', targetType: 'person', targetId: auth.person.id, ip, details: { method: 'passkey' } }, tx);
    });
  }

  async passkeySignInOptions(personId: string, rp: RelyingParty, challenge: string): Promise<PasskeySignInOptions | null> {
    const passkeys = await this.factors.listPasskeys(personId);
    if (passkeys.length === 0) return null;
    return signInOptions(rp, challenge, passkeys.map(storedPasskey));
  }

  /** Checks a passkey's answer at sign-in against the challenge that pending sign-in was given. */
  async verifyPasskey(personId: string, rp: RelyingParty, credentialId: string, response: unknown, challenge: string): Promise<boolean> {
    const row = await this.factors.findPasskey(personId, credentialId);
    if (!row) return false;
    const counter = await checkSignIn(rp, response, challenge, storedPasskey(row));
    if (counter === null) return false;
    // A counter that went backwards means a cloned authenticator (counters of 0 are passkeys that do not count).
    if (counter !== 0 && counter <= Number(row.counter)) return false;
    await this.factors.passkeyUsed(row.id, counter, this.clock.now());
    return true;
  }

  // --- recovery codes ---

  /** Needs the person's password again: the old codes stop working. */
  async regenerateRecoveryCodes(auth: Authenticated, password: string, ip: string | null): Promise<string[]> {
    const personId = auth.person.id;
    await this.confirmation.confirm(auth, password, ip);
    if (((await this.factors.enrolledMethods([personId])).get(personId) ?? []).length === 0) {
      throw new AppError('conflict', 'Set up an authenticator app or a passkey first; recovery codes stand in for them.');
    }
    return this.transactions.run(async (tx) => {
      const codes = await this.replaceRecoveryCodes(personId, tx);
      await this.audit.record({ actorId: personId, action: 'person.recovery_codes_regenerated', targetType: 'person', targetId: personId, ip }, tx);
      return codes;
    });
  }

  async useRecoveryCode(personId: string, typed: string): Promise<boolean> {
    const code = normaliseRecoveryCode(typed);
    if (!/^[a-z0-9]{10}$/.test(code)) return false;
    return this.factors.spendRecoveryCode(personId, this.recoveryHash(personId, code), this.clock.now());
  }

  // --- admins ---

  async policy(auth: Authenticated): Promise<SignInPolicyDto> {
    const requireSecondFactor = await this.factors.requireForEveryone();
    if (auth.person.access !== 'admin') return { requireSecondFactor };
    return { requireSecondFactor, enrolled: Object.fromEntries(await this.factors.enrolledMethods()) };
  }

  async setPolicy(auth: Authenticated, required: boolean, ip: string | null): Promise<SignInPolicyDto> {
    if (required && ((await this.factors.enrolledMethods([auth.person.id])).get(auth.person.id) ?? []).length === 0) {
      throw new AppError('conflict', 'Set up two-factor sign-in for yourself first (above), so you cannot lock yourself out.');
    }
    await this.transactions.run(async (tx) => {
      const before = await this.factors.requireForEveryone(tx);
      if (before === required) return;
      await this.factors.setRequireForEveryone(required, auth.person.id, tx);
      await this.audit.record({ actorId: auth.person.id, action: 'sign_in_policy.updated', targetType: 'setting', targetId: 'require_second_factor', ip, details: { requireSecondFactor: required } }, tx);
    });
    return this.policy(auth);
  }

  /**
   * For someone who lost their phone and codes: every second factor and recovery code goes, and
   * every session ends (whoever has the device may be signed in). Audited.
   */
  async resetFor(auth: Authenticated, personId: string, ip: string | null): Promise<void> {
    if (personId === auth.person.id) throw new AppError('validation_failed', 'Change your own second factors under Settings → Two-factor sign-in.');
    await this.transactions.run(async (tx) => {
      const person = isUuid(personId) ? await this.people.findById(personId, tx, { forUpdate: true }) : null;
      if (!person) throw new AppError('not_found', 'No such person.');
      const totp = await this.factors.deleteTotp(person.id, tx);
      const passkeys = await this.factors.deletePasskeys(person.id, tx);
      const recoveryCodes = await this.factors.deleteRecoveryCodes(person.id, tx);
      await this.factors.deletePendingFor(person.id, tx);
      await this.sessions.deleteAllFor(person.id, tx);
      await this.audit.record(
        { actorId: auth.person.id, action: 'person.second_factor_reset', targetType: 'person', targetId: person.id, ip, details: { removed: { totp, passkeys, recoveryCodes } } },
        tx,
      );
    });
  }

  // --- inside ---

  private openTotp(personId: string, sealed: Buffer): string {
    return this.secrets.open(sealed, totpAssociatedData(personId));
  }

  private registrationMac(sessionId: string, nonce: string, expires: number): string {
    return this.keys.mac(`passkey-registration\0${sessionId}\0${nonce}\0${expires}`).toString('base64url');
  }

  private recoveryHash(personId: string, normalised: string): Buffer {
    return this.keys.mac(`recovery\0${personId}\0${normalised}`);
  }

  private async replaceRecoveryCodes(personId: string, tx: Tx): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(personId, codes.map((code) => this.recoveryHash(personId, normaliseRecoveryCode(code))), tx);
    return codes;
  }

  /** A person's first second factor: recovery codes (unless unused ones exist) and the whole app opens. */
  private async firstFactorAdded(personId: string, tx: Tx): Promise<string[] | null> {
    await this.factors.clearEnrolmentRequirement(personId, tx);
    if ((await this.factors.countUnusedRecoveryCodes(personId, tx)) > 0) return null;
    return this.replaceRecoveryCodes(personId, tx);
  }

  private async assertCanRemove(personId: string, removing: { totp?: boolean; passkeyId?: string }, tx: Tx): Promise<void> {
    const totp = await this.factors.findTotp(personId, tx);
    const passkeys = await this.factors.listPasskeys(personId, tx);
    const left = (totp?.confirmedAt && !removing.totp ? 1 : 0) + passkeys.filter((passkey) => passkey.id !== removing.passkeyId).length;
    if (left === 0 && (await this.factors.requireForEveryone(tx))) {
      throw new AppError('conflict', 'Your team requires a second factor: add another one before removing this one.');
    }
  }

  /** With no second factor left, the recovery codes go too (they stand in for one). */
  private async afterRemoval(personId: string, tx: Tx): Promise<void> {
    const totp = await this.factors.findTotp(personId, tx);
    const passkeys = await this.factors.listPasskeys(personId, tx);
    if (!totp?.confirmedAt && passkeys.length === 0) await this.factors.deleteRecoveryCodes(personId, tx);
  }
}

function totpAssociatedData(personId: string): string {
  return `totp:${personId}`;
}

function storedPasskey(row: PasskeyCredentialRow): StoredPasskey {
  return { credentialId: row.credentialId, publicKey: row.publicKey, counter: Number(row.counter), transports: row.transports };
}
