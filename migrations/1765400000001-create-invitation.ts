import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInvitation1765400000001 implements MigrationInterface {
  name = 'CreateInvitation1765400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The link carries 32 random bytes; only their SHA-256 is stored, so a leaked table opens no account.
    await queryRunner.query(`
      CREATE TABLE "invitation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "access" text NOT NULL,
        "support_role" text NOT NULL,
        "token_hash" text NOT NULL,
        "invited_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "sent_at" timestamptz,
        "accepted_at" timestamptz,
        "revoked_at" timestamptz,
        "person_id" uuid,
        CONSTRAINT "PK_invitation" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_invitation_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "CHK_invitation_access" CHECK ("access" IN ('admin', 'member')),
        CONSTRAINT "CHK_invitation_support_role" CHECK ("support_role" IN ('founder', 'programmer', 'designer', 'support')),
        CONSTRAINT "FK_invitation_invited_by" FOREIGN KEY ("invited_by") REFERENCES "person"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_invitation_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE SET NULL
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "invitation"`);
  }
}
