import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every API process keeps the sessions it resolved for two seconds, so a page's burst of requests
 * costs one lookup instead of one each. A change to a session or a person (signing out, an ended
 * session, deactivation, a new role, a new time zone), by any process or by hand in psql, tells
 * every process at commit to forget what it kept: one live event on the processes' shared channel
 * (`wg_events`, see LiveEvents), per statement, never per row.
 */
export class SignInChanges1796428987517 implements MigrationInterface {
  name = 'SignInChanges1796428987517';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "wg_sign_ins_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('wg_events', '{"type":"sign-ins"}');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "session_sign_ins_changed" AFTER UPDATE OR DELETE OR TRUNCATE ON "session" FOR EACH STATEMENT EXECUTE FUNCTION "wg_sign_ins_changed"()`);
    await queryRunner.query(`CREATE TRIGGER "person_sign_ins_changed" AFTER UPDATE OR DELETE OR TRUNCATE ON "person" FOR EACH STATEMENT EXECUTE FUNCTION "wg_sign_ins_changed"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "person_sign_ins_changed" ON "person"`);
    await queryRunner.query(`DROP TRIGGER "session_sign_ins_changed" ON "session"`);
    await queryRunner.query(`DROP FUNCTION "wg_sign_ins_changed"()`);
  }
}
