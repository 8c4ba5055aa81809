import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, MoreThan } from 'typeorm';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { PasskeyCredentialRow, PendingSignInRow, RecoveryCodeRow, TotpCredentialRow } from './second-factor.entity.js';

const REQUIRE_SETTING = 'require_second_factor';

export type NewPendingSignIn = Pick<PendingSignInRow, 'tokenHash' | 'personId' | 'expiresAt' | 'knownDevice' | 'ip' | 'userAgent'>;

/** Second factors, recovery codes, half-finished sign-ins and the "require for everyone" setting. */
@Injectable()
export class SecondFactorRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private db(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  // --- the policy (a row of app_setting) ---

  async requireForEveryone(tx?: Tx): Promise<boolean> {
    const [row] = (await this.db(tx).query(`SELECT value FROM app_setting WHERE key = $1`, [REQUIRE_SETTING])) as { value: unknown }[];
    return row?.value === true;
  }

  async setRequireForEveryone(required: boolean, actorId: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(
      `INSERT INTO app_setting (key, value, updated_by) VALUES ($1, $2::jsonb, $3) ON CONFLICT ON CONSTRAINT "PK_app_setting" DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [REQUIRE_SETTING, JSON.stringify(required), actorId],
    );
  }

  /** Who has a working second factor (a confirmed app or a passkey), by person id. */
  async enrolledMethods(personIds?: string[]): Promise<Map<string, ('totp' | 'passkey')[]>> {
    const rows = (await this.db().query(
      `SELECT person_id::text AS "personId", 'totp' AS method FROM totp_credential WHERE confirmed_at IS NOT NULL AND ($1::uuid[] IS NULL OR person_id = ANY($1::uuid[]))
       UNION ALL
       SELECT DISTINCT person_id::text, 'passkey' FROM passkey_credential WHERE ($1::uuid[] IS NULL OR person_id = ANY($1::uuid[]))`,
      [personIds ?? null],
    )) as { personId: string; method: 'totp' | 'passkey' }[];
    const methods = new Map<string, ('totp' | 'passkey')[]>();
    for (const row of rows) methods.set(row.personId, [...(methods.get(row.personId) ?? []), row.method]);
    return methods;
  }

  // --- TOTP ---

  findTotp(personId: string, tx?: Tx): Promise<TotpCredentialRow | null> {
    return this.db(tx).getRepository(TotpCredentialRow).findOneBy({ personId });
  }

  /** A new, unconfirmed seed (replacing an unconfirmed one). */
  async startTotp(personId: string, secretSealed: Buffer): Promise<void> {
    await this.db().query(
      `INSERT INTO totp_credential (person_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT "PK_totp_credential" DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, confirmed_at = NULL, last_used_step = NULL, created_at = now()
       WHERE totp_credential.confirmed_at IS NULL`,
      [personId, secretSealed],
    );
  }

  /**
   * Spends a TOTP step, once: only when it is later than the last one used (two requests racing
   * with one code: one wins). Confirms the seed when `confirm` is given.
   */
  async spendTotpStep(personId: string, step: number, options: { confirmAt?: Date; tx?: Tx } = {}): Promise<boolean> {
    const rows = await returningRows<{ personId: string }>(
      this.db(options.tx),
      `UPDATE totp_credential SET last_used_step = $2, confirmed_at = COALESCE(confirmed_at, $3)
       WHERE person_id = $1 AND (last_used_step IS NULL OR last_used_step < $2) AND (confirmed_at IS NOT NULL OR $3::timestamptz IS NOT NULL)
       RETURNING person_id::text AS "personId"`,
      [personId, step, options.confirmAt ?? null],
    );
    return rows.length > 0;
  }

  async deleteTotp(personId: string, tx?: Tx): Promise<boolean> {
    return ((await this.db(tx).getRepository(TotpCredentialRow).delete({ personId })).affected ?? 0) > 0;
  }

  // --- passkeys ---

  listPasskeys(personId: string, tx?: Tx): Promise<PasskeyCredentialRow[]> {
    return this.db(tx).getRepository(PasskeyCredentialRow).find({ where: { personId }, order: { createdAt: 'ASC' } });
  }

  findPasskey(personId: string, credentialId: string): Promise<PasskeyCredentialRow | null> {
    return this.db().getRepository(PasskeyCredentialRow).findOneBy({ personId, credentialId });
  }

  async insertPasskey(values: Pick<PasskeyCredentialRow, 'personId' | 'credentialId' | 'publicKey' | 'counter' | 'transports' | 'name'>, tx?: Tx): Promise<PasskeyCredentialRow> {
    const repository = this.db(tx).getRepository(PasskeyCredentialRow);
    return repository.save(repository.create(values));
  }

  async passkeyUsed(id: string, counter: number, at: Date): Promise<void> {
    await this.db().getRepository(PasskeyCredentialRow).update({ id }, { counter: String(counter), lastUsedAt: at });
  }

  async deletePasskey(personId: string, id: string, tx?: Tx): Promise<boolean> {
    return ((await this.db(tx).getRepository(PasskeyCredentialRow).delete({ personId, id })).affected ?? 0) > 0;
  }

  async deletePasskeys(personId: string, tx?: Tx): Promise<number> {
    return (await this.db(tx).getRepository(PasskeyCredentialRow).delete({ personId })).affected ?? 0;
  }

  // --- recovery codes ---

  async replaceRecoveryCodes(personId: string, hashes: Buffer[], tx: Tx): Promise<void> {
    await tx.getRepository(RecoveryCodeRow).delete({ personId });
    await tx.getRepository(RecoveryCodeRow).insert(hashes.map((codeHash) => ({ personId, codeHash })));
  }

  countUnusedRecoveryCodes(personId: string, tx?: Tx): Promise<number> {
    return this.db(tx).getRepository(RecoveryCodeRow).countBy({ personId, usedAt: IsNull() });
  }

  /** Uses a code once: the one statement that marks it used. */
  async spendRecoveryCode(personId: string, codeHash: Buffer, at: Date): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      this.db(),
      `UPDATE recovery_code SET used_at = $3 WHERE person_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id::text AS id`,
      [personId, codeHash, at],
    );
    return rows.length > 0;
  }

  async deleteRecoveryCodes(personId: string, tx?: Tx): Promise<number> {
    return (await this.db(tx).getRepository(RecoveryCodeRow).delete({ personId })).affected ?? 0;
  }

  // --- half-finished sign-ins ---

  async insertPending(values: NewPendingSignIn): Promise<void> {
    await this.db().getRepository(PendingSignInRow).insert(values);
  }

  findPending(tokenHash: Buffer, now: Date): Promise<PendingSignInRow | null> {
    return this.db().getRepository(PendingSignInRow).findOne({ where: { tokenHash, expiresAt: MoreThan(now) }, relations: { person: true } });
  }

  async setPendingChallenge(id: string, challenge: string | null): Promise<void> {
    await this.db().getRepository(PendingSignInRow).update({ id }, { challenge });
  }

  /** Takes the passkey challenge, once: whoever reads it clears it. */
  async takePendingChallenge(id: string): Promise<string | null> {
    const rows = await returningRows<{ challenge: string | null }>(
      this.db(),
      `UPDATE pending_sign_in p SET challenge = NULL FROM (SELECT id, challenge FROM pending_sign_in WHERE id = $1 FOR UPDATE) old WHERE p.id = old.id RETURNING old.challenge`,
      [id],
    );
    return rows[0]?.challenge ?? null;
  }

  /** Counts a wrong answer; the pending sign-in ends at `limit`. Returns whether it is still open. */
  async failPending(id: string, limit: number): Promise<boolean> {
    const rows = await returningRows<{ failures: number }>(this.db(), `UPDATE pending_sign_in SET failures = failures + 1 WHERE id = $1 RETURNING failures`, [id]);
    const failures = rows[0]?.failures ?? limit;
    if (failures >= limit) await this.deletePending(id);
    return failures < limit;
  }

  /** Ends a pending sign-in; true for the one caller that ended it (so two racing second steps make one session). */
  async deletePending(id: string): Promise<boolean> {
    return ((await this.db().getRepository(PendingSignInRow).delete({ id })).affected ?? 0) > 0;
  }

  async deletePendingFor(personId: string, tx?: Tx): Promise<void> {
    await this.db(tx).getRepository(PendingSignInRow).delete({ personId });
  }

  async deleteExpiredPending(now: Date): Promise<number> {
    return (await this.db().getRepository(PendingSignInRow).delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }

  /** Lets every session of a person use the whole app once they have a second factor. */
  async clearEnrolmentRequirement(personId: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(`UPDATE session SET must_enrol_second_factor = false WHERE person_id = $1 AND must_enrol_second_factor`, [personId]);
  }
}
