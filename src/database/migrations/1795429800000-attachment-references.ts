import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may read a photo depends on the cases that reference it (API.md, Attachments): on the case
 * itself, on a task's completion, or on a resolve/verify entry of the timeline. GIN indexes make
 * "which cases name this attachment" a lookup rather than a scan of the whole history.
 */
export class AttachmentReferences1795429800000 implements MigrationInterface {
  name = 'AttachmentReferences1795429800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX grid_case_photos_idx ON grid_case USING gin (photos) WHERE photos <> '{}'`);
    await q.query(`CREATE INDEX task_photos_idx ON task USING gin (photos) WHERE photos <> '{}'`);
    await q.query(`CREATE INDEX case_event_photos_idx ON case_event USING gin ((data -> 'photos')) WHERE data ? 'photos'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_event_photos_idx, task_photos_idx, grid_case_photos_idx`);
  }
}
