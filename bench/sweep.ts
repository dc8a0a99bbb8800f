// Deadlines: sweep cost when idle (none due, with N pending) and time to process M falling due at once.
// Usage: node -r ./bench/register.cjs bench/sweep.ts [pending=100000] [due=10000]
import { SlaSweeper } from '../src/sla/sla-sweeper.service';
import { benchApp, benchDatabase, percentile, time } from './support';

async function main() {
  const pending = Number(process.argv[2] ?? 100_000);
  const due = Number(process.argv[3] ?? 10_000);
  const db = await benchDatabase();
  const app = await benchApp(db.url);
  const sweeper = app.get(SlaSweeper);
  const { sql } = db;

  // Cases straight into the table: grid rung, category 0110, all in grid G1.
  const total = pending + due;
  await sql.query(`
    INSERT INTO grid_case (code, tracking_code, status, rung, holder_region_code, category_code, priority, description,
                           district_code, street_code, area_code, neighbourhood_code, grid_code, source, created_at)
    SELECT 'B-' || i, 'T-' || i, 'pending', 'grid', 'XH-CQ-A1-N01-G1', '0110', 'normal', 'bench',
           'XH', 'XH-CQ', 'XH-CQ-A1', 'XH-CQ-A1-N01', 'XH-CQ-A1-N01-G1', 'patrol', now()
    FROM generate_series(1, $1) i`, [total]);
  await sql.query(`
    INSERT INTO deadline (case_id, stage, rung, started_at, warn_at, due_at, next_at)
    SELECT id, 'rung', 'grid', now() - interval '1 hour', NULL, d.due, d.due
    FROM (SELECT id, CASE WHEN row_number() OVER (ORDER BY id) <= $1 THEN now() - interval '1 second' ELSE now() + interval '1 day' END AS due
          FROM grid_case) d`, [due]);
  await sql.query('ANALYZE');

  // Idle: nothing due yet for the pending ones; move the due ones out of the way first.
  await sql.query(`UPDATE deadline SET next_at = next_at + interval '2 days' WHERE next_at < now()`);
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) idle.push((await time(() => sweeper.sweep()))[1]);
  idle.sort((a, b) => a - b);
  console.log(`idle sweep with ${pending + due} pending, none due: p50 ${percentile(idle, 50).toFixed(2)} ms, p99 ${percentile(idle, 99).toFixed(2)} ms`);

  await sql.query(`UPDATE deadline SET next_at = due_at - interval '2 days' - interval '1 hour', due_at = now() - interval '1 second' WHERE next_at > now() + interval '1 day 12 hours'`);
  const [handled, ms] = await time(() => sweeper.sweep());
  const { rows } = await sql.query(`SELECT count(*)::int AS n FROM grid_case WHERE rung = 'neighbourhood' AND escalation_count = 1`);
  console.log(`${due} deadlines due at once: ${handled} processed in ${ms.toFixed(0)} ms (${((handled / ms) * 1000).toFixed(0)}/s); ${rows[0].n} cases climbed`);
  await app.close();
  await db.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
