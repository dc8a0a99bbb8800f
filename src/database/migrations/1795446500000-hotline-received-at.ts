import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the 12345 platform took the call (its clock), kept beside the case's own reported_at. */
export class HotlineReceivedAt1795446500000 implements MigrationInterface {
  name = 'HotlineReceivedAt1795446500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid_case ADD COLUMN received_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid_case DROP COLUMN received_at`);
  }
}
