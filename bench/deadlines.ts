// Deadlines: the sweep's cost per tick with many pending and none due, and the time for N deadlines
// falling due at once to be processed by one and by two service processes.
// Usage: node -r ./bench/register.cjs bench/deadlines.ts [pending=1000000] [due=10000]
import { SlaSweeper } from '../src/sla/sla-sweeper.service';
import { benchApp, benchDatabase, percentile, serveInChild, time, topStatements } from './support';

export interface DeadlineResult {
  pending: number;
  idle: { p50: number; p99: number };
  due: number;
  oneInstanceMs: number;
  twoInstancesMs: number;
  processedOnce: boolean;
  /** The statements the one-instance run spent its database time on. */
  top: Awaited<ReturnType<typeof topStatements>>;
}

/** `count` open grid-rung cases with a running rung deadline due in a day, straight into the tables. */
async function loadCases(sql: import('pg').Client, count: number, tag: string) {
  await sql.query(
    `WITH c AS (
       INSERT INTO grid_case (code, tracking_code, status, rung, holder_region_code, category_code, priority, description,
                              district_code, street_code, area_code, neighbourhood_code, grid_code, source, created_at)
       SELECT $2 || i, $2 || 'T' || i, 'pending', 'grid', 'XH-CQ-A1-N01-G1', '0110', 'normal', 'bench',
              'XH', 'XH-CQ', 'XH-CQ-A1', 'XH-CQ-A1-N01', 'XH-CQ-A1-N01-G1', 'patrol', now()
       FROM generate_series(1, $1) i RETURNING id)
     INSERT INTO deadline (case_id, stage, rung, started_at, due_at, next_at)
     SELECT id, 'rung', 'grid', now(), now() + interval '1 day', now() + interval '1 day' FROM c`,
    [count, tag],
  );
}

/** Makes `count` pending rung deadlines due now and waits until none is left due; returns the ms. */
async function fallDue(sql: import('pg').Client, count: number): Promise<number> {
  await sql.query(
    `UPDATE deadline SET due_at = now(), next_at = now()
     WHERE id IN (SELECT id FROM deadline WHERE state = 'running' AND stage = 'rung' AND next_at > now() + interval '1 hour' LIMIT $1)`,
    [count],
  );
  const start = Date.now();
  for (;;) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM deadline WHERE next_at <= now()`);
    if (rows[0].n === 0) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function runDeadlines(pending = 1_000_000, due = 10_000): Promise<DeadlineResult> {
  const db = await benchDatabase();
  const { sql } = db;
  // Migrate and seed with an in-process app; it also gives a sweeper to time idle ticks.
  const app = await benchApp(db.url);
  await loadCases(sql, pending, 'P');
  await sql.query('ANALYZE');
  const sweeper = app.get(SlaSweeper);
  const idle: number[] = [];
  for (let i = 0; i < 100; i++) idle.push((await time(() => sweeper.sweep()))[1]);
  idle.sort((a, b) => a - b);
  await app.close();

  const env = { SLA_SWEEP_MS: '100' };
  const one = await serveInChild(db.url, env);
  await sql.query('SELECT pg_stat_statements_reset()');
  const oneInstanceMs = await fallDue(sql, due);
  const top = await topStatements(sql, 10);
  await one.stop();

  const [a, b] = [await serveInChild(db.url, env), await serveInChild(db.url, env)];
  const twoInstancesMs = await fallDue(sql, due);
  await Promise.all([a.stop(), b.stop()]);

  // Exactly once: every climbed case climbed one rung, with one breach on its timeline.
  const { rows } = await sql.query(
    `SELECT count(*) FILTER (WHERE escalation_count = 1)::int AS climbed, count(*) FILTER (WHERE escalation_count > 1)::int AS twice,
            (SELECT count(*)::int FROM case_event WHERE type = 'sla.breached') AS breaches
     FROM grid_case`,
  );
  await db.stop();
  return {
    pending,
    idle: { p50: percentile(idle, 50), p99: percentile(idle, 99) },
    due,
    oneInstanceMs,
    twoInstancesMs,
    processedOnce: rows[0].climbed === 2 * due && rows[0].twice === 0 && rows[0].breaches === 2 * due,
    top,
  };
}

if (require.main === module) {
  const [pending, due] = process.argv.slice(2).map(Number);
  runDeadlines(pending || 1_000_000, due || 10_000)
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
