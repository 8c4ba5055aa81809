import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSignInThrottle1765200000000 implements MigrationInterface {
  name = 'CreateSignInThrottle1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per throttled key: an (account, address) pair, an address, a known device, or an
    // account (counted for alerts only). Keys are built from normalised emails and addresses.
    await queryRunner.query(`
      CREATE TABLE "sign_in_throttle" (
        "key" text NOT NULL,
        "failures" integer NOT NULL DEFAULT 0,
        "last_failure_at" timestamptz,
        "blocked_until" timestamptz NOT NULL DEFAULT '-infinity',
        CONSTRAINT "PK_sign_in_throttle" PRIMARY KEY ("key")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_sign_in_throttle_last_failure_at" ON "sign_in_throttle" ("last_failure_at")`);
    // Claims one sign-in attempt for every key, all or none, in one statement, before the password
    // is checked: the rows are locked in key order, and the attempt is counted as a failure up
    // front (a success gives it back). After free_attempts failures each further one waits
    // 1, 2, 4 … seconds, at most max_delay_seconds; a key quiet for reset_seconds starts over.
    await queryRunner.query(`
      CREATE FUNCTION claim_sign_in_attempt(keys text[], free_attempts integer[], max_delay_seconds integer[], reset_seconds integer, at timestamptz)
      RETURNS TABLE (allowed boolean, retry_after_seconds integer, failures integer[])
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        blocked timestamptz;
      BEGIN
        INSERT INTO sign_in_throttle ("key") SELECT DISTINCT unnest(keys) ORDER BY 1 ON CONFLICT DO NOTHING;
        SELECT max(locked.blocked_until) INTO blocked
          FROM (SELECT t.blocked_until FROM sign_in_throttle t WHERE t."key" = ANY(keys) ORDER BY t."key" FOR UPDATE) locked;
        IF blocked > at THEN
          RETURN QUERY SELECT false, GREATEST(1, ceil(extract(epoch FROM blocked - at)))::integer, NULL::integer[];
          RETURN;
        END IF;
        UPDATE sign_in_throttle t
           SET failures = CASE WHEN t.last_failure_at IS NULL OR t.last_failure_at < at - make_interval(secs => reset_seconds) THEN 1 ELSE t.failures + 1 END,
               last_failure_at = at
         WHERE t."key" = ANY(keys);
        UPDATE sign_in_throttle t
           SET blocked_until = CASE WHEN t.failures < p.free THEN at
                                    ELSE at + make_interval(secs => LEAST(p.cap::double precision, power(2, LEAST(t.failures - p.free, 30)))) END
          FROM unnest(keys, free_attempts, max_delay_seconds) AS p("key", free, cap)
         WHERE t."key" = p."key";
        RETURN QUERY SELECT true, 0, array_agg(t.failures ORDER BY array_position(keys, t."key"))
          FROM sign_in_throttle t WHERE t."key" = ANY(keys);
      END
      $$
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION claim_sign_in_attempt(text[], integer[], integer[], integer, timestamptz)`);
    await queryRunner.query(`DROP TABLE "sign_in_throttle"`);
  }
}
