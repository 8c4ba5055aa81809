import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { MailboxOAuthRow, OAuthClientRow, type OAuthProvider, OAuthStateRow } from './mailbox-oauth.entity.js';

export interface NewTokens {
  refreshTokenEnc: Buffer | null;
  accessTokenEnc: Buffer;
  accessExpiresAt: Date;
}

@Injectable()
export class MailboxOAuthRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private manager(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  client(provider: OAuthProvider): Promise<OAuthClientRow | null> {
    return this.manager().getRepository(OAuthClientRow).findOneBy({ provider });
  }

  clients(): Promise<OAuthClientRow[]> {
    return this.manager().getRepository(OAuthClientRow).find();
  }

  async saveClient(row: Omit<OAuthClientRow, 'updatedAt'>, tx?: Tx): Promise<void> {
    await this.manager(tx).getRepository(OAuthClientRow).save({ ...row, updatedAt: new Date() });
  }

  async insertState(row: Omit<OAuthStateRow, 'createdAt' | 'session'>, now: Date): Promise<void> {
    await this.manager().query(`DELETE FROM oauth_state WHERE expires_at < $1`, [now]);
    await this.manager().query(
      `INSERT INTO oauth_state (state_hash, session_id, person_id, provider, code_verifier_enc, mailbox_id, draft, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.stateHash, row.sessionId, row.personId, row.provider, row.codeVerifierEnc, row.mailboxId, JSON.stringify(row.draft), row.expiresAt],
    );
  }

  /** Takes a state exactly once, and only for the session that started it and before it expires. */
  async takeState(stateHash: Buffer, sessionId: string, now: Date): Promise<OAuthStateRow | null> {
    const rows = await returningRows<{
      provider: OAuthProvider;
      personId: string;
      codeVerifierEnc: Buffer;
      mailboxId: string | null;
      draft: Record<string, unknown>;
      expiresAt: Date;
    }>(
      this.manager(),
      `DELETE FROM oauth_state WHERE state_hash = $1 AND session_id = $2 AND expires_at > $3
       RETURNING provider, person_id AS "personId", code_verifier_enc AS "codeVerifierEnc", mailbox_id AS "mailboxId", draft, expires_at AS "expiresAt"`,
      [stateHash, sessionId, now],
    );
    const row = rows[0];
    return row ? Object.assign(new OAuthStateRow(), { ...row, stateHash, sessionId }) : null;
  }

  tokens(mailboxId: string): Promise<MailboxOAuthRow | null> {
    return this.manager().getRepository(MailboxOAuthRow).findOneBy({ mailboxId });
  }

  /** Locks the token row until `tx` ends: the one place a refresh happens, so two processes never refresh together. */
  async lockTokens(mailboxId: string, tx: Tx): Promise<MailboxOAuthRow | null> {
    const rows: MailboxOAuthRow[] = await tx.query(
      `SELECT mailbox_id AS "mailboxId", provider, refresh_token_enc AS "refreshTokenEnc", access_token_enc AS "accessTokenEnc",
              access_expires_at AS "accessExpiresAt", refresh_count AS "refreshCount", refused_at AS "refusedAt", updated_at AS "updatedAt"
       FROM mailbox_oauth WHERE mailbox_id = $1 FOR UPDATE`,
      [mailboxId],
    );
    return rows[0] ?? null;
  }

  /** Stores refreshed tokens; a provider that does not rotate keeps the stored refresh token. */
  async storeRefreshed(mailboxId: string, tokens: NewTokens, now: Date, tx: Tx): Promise<void> {
    await tx.query(
      `UPDATE mailbox_oauth SET access_token_enc = $2, access_expires_at = $3, refresh_token_enc = COALESCE($4, refresh_token_enc),
              refresh_count = refresh_count + 1, updated_at = $5
       WHERE mailbox_id = $1`,
      [mailboxId, tokens.accessTokenEnc, tokens.accessExpiresAt, tokens.refreshTokenEnc, now],
    );
  }

  async markRefused(mailboxId: string, now: Date, tx?: Tx): Promise<void> {
    await this.manager(tx).query(`UPDATE mailbox_oauth SET refused_at = $2, access_token_enc = NULL, access_expires_at = NULL, updated_at = $2 WHERE mailbox_id = $1`, [mailboxId, now]);
  }

  /** A fresh sign-in: new tokens, any refusal forgotten. */
  async connect(mailboxId: string, provider: OAuthProvider, tokens: NewTokens, now: Date, tx: Tx): Promise<void> {
    await tx.query(
      `INSERT INTO mailbox_oauth (mailbox_id, provider, refresh_token_enc, access_token_enc, access_expires_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT "PK_mailbox_oauth" DO UPDATE
       SET provider = $2, refresh_token_enc = $3, access_token_enc = $4, access_expires_at = $5, refused_at = NULL, updated_at = $6`,
      [mailboxId, provider, tokens.refreshTokenEnc, tokens.accessTokenEnc, tokens.accessExpiresAt, now],
    );
  }

  /** Forgets the tokens (disconnect). */
  async forget(mailboxId: string, now: Date, tx: Tx): Promise<void> {
    await tx.query(`UPDATE mailbox_oauth SET refresh_token_enc = NULL, access_token_enc = NULL, access_expires_at = NULL, refused_at = $2, updated_at = $2 WHERE mailbox_id = $1`, [
      mailboxId,
      now,
    ]);
  }

  /** Stops syncing a mailbox until it is reconnected; a run in progress records it when it ends. */
  async requireReauth(mailboxId: string, message: string, now: Date, tx?: Tx): Promise<void> {
    await this.manager(tx).query(
      `UPDATE mailbox SET sync_stage = 'needs_reauth', last_error = $2, next_sync_at = $3, failure_count = failure_count + 1 WHERE id = $1 AND sync_stage <> 'running'`,
      [mailboxId, message, now],
    );
  }

  /** After a reconnect: sync again now, from the stored cursor. */
  async resumeSync(mailboxId: string, now: Date, tx: Tx): Promise<void> {
    await tx.query(
      `UPDATE mailbox SET sync_stage = CASE WHEN sync_stage = 'running' THEN 'running' ELSE 'idle' END, next_sync_at = $2, failure_count = 0, last_error = NULL WHERE id = $1`,
      [mailboxId, now],
    );
  }

  /** One in-app notice per active admin; the dedupe key makes it once per refusal. */
  async noticeAdmins(input: { kind: string; dedupeKey: string; title: string; body: string }): Promise<void> {
    await this.manager().query(
      `INSERT INTO notice (person_id, kind, dedupe_key, title, body, email_status)
       SELECT id, $1, $2 || ':' || id, $3, $4, 'skipped' FROM person WHERE access = 'admin' AND active
       ON CONFLICT ON CONSTRAINT "UQ_notice_dedupe" DO NOTHING`,
      [input.kind, input.dedupeKey, input.title, input.body],
    );
  }
}
