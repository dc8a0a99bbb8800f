import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 回访: a call-back that reached the reporter and heard a satisfaction counts as that closure's rating,
 * beside a resident's own: one per closure, whichever came first (the unique key already says so).
 */
export class Callbacks1795440600000 implements MigrationInterface {
  name = 'Callbacks1795440600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating ADD COLUMN source text NOT NULL DEFAULT 'resident' CHECK (source IN ('resident', 'callback'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating DROP COLUMN source`);
  }
}
