import { MigrationInterface, QueryRunner } from 'typeorm';

/** socket.io's PostgreSQL adapter keeps payloads too big for NOTIFY here; task lookups for stats. */
export class LiveFanout1795424400000 implements MigrationInterface {
  name = 'LiveFanout1795424400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE socket_io_attachments (
        id         bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload    bytea
      )`);
    await q.query(`CREATE INDEX deadline_task_idx ON deadline (task_id) WHERE task_id IS NOT NULL`);
    await q.query(`CREATE INDEX case_event_task_idx ON case_event (task_id) WHERE task_id IS NOT NULL`);
    await q.query(`CREATE INDEX task_created_idx ON task (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_created_idx, case_event_task_idx, deadline_task_idx`);
    await q.query(`DROP TABLE socket_io_attachments`);
  }
}
