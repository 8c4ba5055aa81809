import type { MigrationInterface, QueryRunner } from 'typeorm';

// What ingest indexes of a message's new-text span (conversations/preview.ts#searchableWords, then
// ingest/search-text.ts#searchableText): quoted lines dropped from interleaved answers, at most
// 200,000 characters cut at whitespace.
const SEARCHABLE_WORDS = `
  (SELECT CASE WHEN length(w) > 200000 THEN regexp_replace(left(w, 200000), '\\s\\S*$', '') ELSE w END
   FROM (SELECT CASE WHEN "new_text_interleaved"
                     THEN regexp_replace(substring("text" FROM "new_text_start" + 1 FOR "new_text_end" - "new_text_start"), '^[ \\t]*>[^\\n]*(\\n|$)', '', 'gn')
                     ELSE substring("text" FROM "new_text_start" + 1 FOR "new_text_end" - "new_text_start") END AS w) words)`;

/**
 * Search that finds things (issue #16): accent-insensitive, so `societe` finds `Société`. The
 * text search configuration `wholegrain` is English with `unaccent` before stemming (unaccent is a
 * trusted contrib extension: the database owner may create it; the embedded PostgreSQL ships it).
 * Customer words are re-indexed with it. Our own replies and notes get their own index (an
 * expression over their text, so neither the reply path nor the customer index changes), searched
 * only with `in:replies` / `in:notes`, never mixed into the customer's words.
 */
export class SearchUnaccent1796384167395 implements MigrationInterface {
  name = 'SearchUnaccent1796384167395';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION wholegrain (COPY = english)`);
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION wholegrain ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem`);
    await queryRunner.query(`UPDATE "message" SET "search" = to_tsvector('wholegrain', ${SEARCHABLE_WORDS}) WHERE "search" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_message_team_search" ON "message" USING gin (to_tsvector('wholegrain', left("text", 200000))) WHERE "direction" = 'out' AND "kind" IN ('email', 'note')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_message_team_search"`);
    await queryRunner.query(`UPDATE "message" SET "search" = to_tsvector('english', ${SEARCHABLE_WORDS}) WHERE "search" IS NOT NULL`);
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION wholegrain`);
  }
}
