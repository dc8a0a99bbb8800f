import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff Idempotency-Key's uniqueness was a constraint over every row, so each case — most carry
 * no key — put an entry in its index on insert and on every non-HOT update (a climb, a claim). A
 * partial unique index keeps the same rule for the rows that have a key (NULL keys never collided)
 * and skips the others. Same name, so a raced key is still recognised by its constraint.
 */
export class StaffIdempotencyPartial1795437000000 implements MigrationInterface {
  name = 'StaffIdempotencyPartial1795437000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid_case DROP CONSTRAINT grid_case_created_by_idempotency_key_key`);
    await q.query(
      `CREATE UNIQUE INDEX grid_case_created_by_idempotency_key_key ON grid_case (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX grid_case_created_by_idempotency_key_key`);
    await q.query(`ALTER TABLE grid_case ADD CONSTRAINT grid_case_created_by_idempotency_key_key UNIQUE (created_by, idempotency_key)`);
  }
}
