import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 督办 on the case row: the latest supervision's time and asked-for due time, and how many there were,
 * so lists and the wall mark supervised cases without reading timelines. Cases supervised before this
 * migration get theirs from the timeline (its `supervised` entries).
 */
export class CaseSupervision1795443300000 implements MigrationInterface {
  name = 'CaseSupervision1795443300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid_case
      ADD COLUMN supervised_at timestamptz,
      ADD COLUMN supervision_due_at timestamptz,
      ADD COLUMN supervision_count integer NOT NULL DEFAULT 0 CHECK (supervision_count >= 0)`);
    await q.query(`
      UPDATE grid_case c
         SET supervised_at = s.at, supervision_due_at = s.due_at, supervision_count = s.n
        FROM (SELECT DISTINCT ON (case_id) case_id, at, (data ->> 'dueAt')::timestamptz AS due_at,
                     count(*) OVER (PARTITION BY case_id)::int AS n
                FROM case_event WHERE type = 'supervised'
               ORDER BY case_id, at DESC, id DESC) s
       WHERE c.id = s.case_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid_case DROP COLUMN supervised_at, DROP COLUMN supervision_due_at, DROP COLUMN supervision_count`);
  }
}
