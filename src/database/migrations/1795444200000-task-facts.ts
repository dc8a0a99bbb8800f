import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the evaluation counts of a task, on the task's row (TaskFacts in the machine): the case's grid and
 * priority, copied at creation, and whether a clock of it breached, its department sent it back, it was
 * given more time, or a rework reopened it. A year of department indicators is then one scan of the
 * task table instead of joins over cases, deadlines and the timeline (bench/HISTORY.md).
 */
export class TaskFacts1795444200000 implements MigrationInterface {
  name = 'TaskFacts1795444200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task
        ADD COLUMN grid_code text,
        ADD COLUMN urgent boolean NOT NULL DEFAULT false,
        ADD COLUMN late boolean NOT NULL DEFAULT false,
        ADD COLUMN sent_back boolean NOT NULL DEFAULT false,
        ADD COLUMN extended boolean NOT NULL DEFAULT false,
        ADD COLUMN reworked boolean NOT NULL DEFAULT false`);
    await backfillTaskFacts(q);
    await q.query(`ALTER TABLE task ALTER COLUMN grid_code SET NOT NULL`);
    await q.query(
      `CREATE INDEX task_indicator_idx ON task (created_at) INCLUDE (department_code, grid_code, case_id, done_at, urgent, late, sent_back, extended, reworked)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_indicator_idx`);
    await q.query(
      `ALTER TABLE task DROP COLUMN grid_code, DROP COLUMN urgent, DROP COLUMN late, DROP COLUMN sent_back, DROP COLUMN extended, DROP COLUMN reworked`,
    );
  }
}

/**
 * The facts of tasks written before the machine kept them, from the record: breached deadlines, the
 * liaisons' returns on the timeline, granted extensions. A rework left no mark on the task, so a task of
 * a reworked case that was done or is back in hand counts as reworked. (The bench loader runs it too.)
 */
export async function backfillTaskFacts(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  await q.query(`
    UPDATE task t SET grid_code = c.grid_code, urgent = c.priority = 'urgent',
                      reworked = c.rework_count > 0 AND t.status IN ('claimed', 'done') AND NOT t.recalled
    FROM grid_case c WHERE c.id = t.case_id`);
  await q.query(`UPDATE task SET late = true WHERE id IN (SELECT task_id FROM deadline WHERE breached_at IS NOT NULL AND task_id IS NOT NULL)`);
  await q.query(`
    UPDATE task SET sent_back = true
    WHERE id IN (SELECT task_id FROM case_event WHERE type = 'task.returned' AND actor_role = 'liaison' AND task_id IS NOT NULL)`);
  await q.query(`UPDATE task SET extended = true WHERE id IN (SELECT task_id FROM extension WHERE status = 'approved')`);
}
