// Queries at scale, the load: runs the generator's SQL on two connections (bench/queries.ts).
import { Client } from 'pg';
import { backfillTaskFacts } from '../src/database/migrations/1795444200000-task-facts';
import { caseInsertSql, dependentSql, OPEN } from './queries-generate';

export interface LoadStats {
  cases: number;
  openCases: number;
  tasks: number;
  events: number;
  deadlines: number;
  ratings: number;
  /** Rows generated (INSERT … SELECT, foreign-key triggers off, secondary indexes dropped). */
  insertSeconds: number;
  /** The dropped secondary indexes built again. */
  indexSeconds: number;
  /** VACUUM (ANALYZE) of the loaded tables, so autovacuum stays out of the measurements. */
  vacuumSeconds: number;
  totalSeconds: number;
}

const LOADED_TABLES = ['grid_case', 'task', 'case_event', 'deadline', 'rating'];

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const r = await fn();
  return [r, (performance.now() - start) / 1000];
}

/** Generates `n` cases and everything hanging off them, on two connections; returns the counts and timings. */
export async function loadHistory(url: string, n: number, now: Date, log: (s: string) => void): Promise<LoadStats> {
  const lanes = [
    new Client({ connectionString: url, application_name: 'bench-load' }),
    new Client({ connectionString: url, application_name: 'bench-load' }),
  ];
  await Promise.all(lanes.map((c) => c.connect()));
  try {
    for (const c of lanes) {
      // Data generated consistent by construction: no per-row foreign-key triggers.
      await c.query(`SET session_replication_role = replica`);
      await c.query(`SET maintenance_work_mem = '512MB'`);
      await c.query(`SET work_mem = '64MB'`);
    }
    const [a] = lanes;
    const t0 = performance.now();

    // Secondary indexes are built once at the end rather than maintained row by row.
    const { rows: indexes } = await a.query<{ name: string; def: string; tbl: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, i.indrelid::regclass::text AS tbl
       FROM pg_index i
       WHERE i.indrelid::regclass::text = ANY($1) AND NOT i.indisprimary AND NOT i.indisunique
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      [LOADED_TABLES],
    );
    for (const ix of indexes) await a.query(`DROP INDEX ${ix.name}`);

    const {
      rows: [counts],
    } = await a.query<{ grids: number; dept: number; other: number }>(
      `SELECT (SELECT count(*) FROM region WHERE level = 'grid')::int AS grids,
              (SELECT count(*) FROM category WHERE entry_rung = 'department')::int AS dept,
              (SELECT count(*) FROM category WHERE entry_rung <> 'department')::int AS other`,
    );
    // One connection: two concurrent writers would interleave their pages, and a real table is
    // appended in time order (created_at correlation ≈ 1, which the planner's choices depend on).
    const [, caseSeconds] = await timed(() => a.query(caseInsertSql(), [n, 1, n, now, counts.grids, counts.dept, counts.other]));
    log(`  grid_case: ${n} rows in ${caseSeconds.toFixed(1)} s`);

    const steps = dependentSql();
    await Promise.all(
      ([0, 1] as const).map(async (lane) => {
        for (const step of steps.filter((s) => s.lane === lane)) {
          const [res, s] = await timed(() => lanes[lane].query(step.sql, step.sql.includes('$1') ? [now] : []));
          log(`  ${step.name}: ${res.rowCount} rows in ${s.toFixed(1)} s`);
        }
      }),
    );
    // What the machine keeps on each task as it goes (the evaluation's facts), from the generated record.
    const [, factSeconds] = await timed(() => backfillTaskFacts(a));
    log(`  task facts backfilled in ${factSeconds.toFixed(1)} s`);
    const insertSeconds = (performance.now() - t0) / 1000;

    // Rebuild the indexes: biggest tables first, each to the less busy connection.
    const size = (tbl: string) => ['case_event', 'grid_case', 'deadline', 'task', 'rating'].indexOf(tbl);
    const queue = [...indexes].sort((x, y) => size(x.tbl) - size(y.tbl));
    const [, indexSeconds] = await timed(() =>
      Promise.all(
        lanes.map(async (c) => {
          for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.def);
        }),
      ),
    );
    log(`  ${indexes.length} secondary indexes rebuilt in ${indexSeconds.toFixed(1)} s`);

    // Hint bits, visibility map and statistics now, not by autovacuum in the middle of the measurements.
    const tables = ['case_event', 'grid_case', 'deadline', 'task', 'rating'];
    const [, vacuumSeconds] = await timed(() =>
      Promise.all(
        lanes.map(async (c) => {
          for (let t = tables.shift(); t; t = tables.shift()) await c.query(`VACUUM (ANALYZE) ${t}`);
        }),
      ),
    );
    await a.query('ANALYZE');
    log(`  VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(1)} s`);

    const {
      rows: [r],
    } = await a.query(
      `SELECT (SELECT count(*) FROM grid_case)::int AS cases,
              (SELECT count(*) FROM grid_case WHERE status IN ${OPEN})::int AS open,
              (SELECT count(*) FROM task)::int AS tasks,
              (SELECT count(*) FROM case_event)::int AS events,
              (SELECT count(*) FROM deadline)::int AS deadlines,
              (SELECT count(*) FROM rating)::int AS ratings`,
    );
    return {
      cases: r.cases,
      openCases: r.open,
      tasks: r.tasks,
      events: r.events,
      deadlines: r.deadlines,
      ratings: r.ratings,
      insertSeconds: round(insertSeconds, 1),
      indexSeconds: round(indexSeconds, 1),
      vacuumSeconds: round(vacuumSeconds, 1),
      totalSeconds: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    await Promise.all(lanes.map((c) => c.end()));
  }
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
