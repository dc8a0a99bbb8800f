import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `status IN ('pending','in_progress','resolved')`;

/**
 * Indexes for the wall's overview and the rankings over a year of history (bench/queries.ts:
 * 1 000 000 cases). Partial where the rows asked for are a small share of the table.
 */
export class QueryIndexes1795428000000 implements MigrationInterface {
  name = 'QueryIndexes1795428000000';

  async up(q: QueryRunner): Promise<void> {
    // Overview › open counts: the same key as before, now covering what the aggregate reads, so it is
    // an index-only scan of the few % of open cases (any region level: the codes are included too).
    await q.query(`DROP INDEX grid_case_open_idx`);
    await q.query(`
      CREATE INDEX grid_case_open_idx ON grid_case (street_code, status)
      INCLUDE (rung, sla_state, category_code, district_code, area_code, neighbourhood_code, grid_code)
      WHERE ${OPEN}`);
    // Overview › closedToday: `closed_at >= <today> AND status = 'closed'` (was a scan of the region's cases).
    await q.query(`CREATE INDEX grid_case_closed_idx ON grid_case (closed_at) WHERE status = 'closed'`);
    // Rankings › late: the breached deadlines of a case or of a task (a few % of all deadlines).
    await q.query(`CREATE INDEX deadline_breached_idx ON deadline (case_id, task_id) WHERE breached_at IS NOT NULL`);
    // Rankings › returned: tasks sent back by their department (otherwise scattered over the whole timeline).
    await q.query(`CREATE INDEX case_event_returned_idx ON case_event (case_id, task_id) WHERE type = 'task.returned' AND actor_role = 'liaison'`);
    // Ranking by department › satisfaction also counts the ratings of merged duplicates.
    await q.query(`CREATE INDEX grid_case_duplicate_of_idx ON grid_case (duplicate_of) INCLUDE (id) WHERE duplicate_of IS NOT NULL`);
    // Ranking by region › ratings given in the period.
    await q.query(`CREATE INDEX rating_at_idx ON rating (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP INDEX rating_at_idx, grid_case_duplicate_of_idx, case_event_returned_idx, deadline_breached_idx, grid_case_closed_idx, grid_case_open_idx`,
    );
    await q.query(`CREATE INDEX grid_case_open_idx ON grid_case (street_code, status) WHERE ${OPEN}`);
  }
}
