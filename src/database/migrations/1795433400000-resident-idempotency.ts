import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resident's report (no user) carries the Idempotency-Key its form generated: unique among
 * residents' reports, so a double tap or a retry files one case. Staff keys stay unique per user.
 */
export class ResidentIdempotency1795433400000 implements MigrationInterface {
  name = 'ResidentIdempotency1795433400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX grid_case_resident_idempotency_key ON grid_case (idempotency_key) WHERE created_by IS NULL AND idempotency_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX grid_case_resident_idempotency_key`);
  }
}
