import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 12345 work orders: the hotline platform's number for its work order (工单编号) and its kind. One case per
 * work order — the unique index is what makes a re-sent or re-imported order a 409, not a second case.
 */
export class HotlineWorkOrders1795446000000 implements MigrationInterface {
  name = 'HotlineWorkOrders1795446000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE grid_case
        ADD COLUMN external_ref text,
        ADD COLUMN request_type text CHECK (request_type IN ('complaint', 'help', 'consultation', 'suggestion', 'report'))`);
    await q.query(`CREATE UNIQUE INDEX grid_case_external_ref_key ON grid_case (external_ref) WHERE external_ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX grid_case_external_ref_key`);
    await q.query(`ALTER TABLE grid_case DROP COLUMN external_ref, DROP COLUMN request_type`);
  }
}
