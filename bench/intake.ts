// Intake: POST /api/cases at a fixed rate and at saturation (autocannon), against the limit — the
// same rows (case, timeline, deadline) inserted with pg, one transaction each, same concurrency.
// Usage: node -r ./bench/register.cjs bench/intake.ts [seconds=20] [connections=20] [rate=200]
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import demoCity from '../src/database/seed/demo-city.json';
import { benchDatabase, cpuSeconds, percentile, postgresCpuSeconds, serveInChild, topStatements } from './support';

export interface IntakeResult {
  seconds: number;
  connections: number;
  fixedRate: { target: number; achieved: number; p50: number; p99: number; errors: number };
  saturation: { rps: number; p50: number; p99: number; errors: number };
  raw: { rps: number; p50: number; p99: number };
  ratio: number;
  /** Where a saturated intake's time goes: service CPU per case, statements per case and the top ones. */
  profile: { serviceCpuMsPerCase: number; postgresCpuMsPerCase: number; statementsPerCase: number; top: Awaited<ReturnType<typeof topStatements>> };
}

const grids = demoCity.regions.filter((r) => r.level === 'grid' && r.code.startsWith('XH-CQ'));
const categories = demoCity.categories.filter((c) => c.entryRung !== 'department').map((c) => c.code);
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

/** A report somewhere in the street: random grid, random point inside it, random category. */
function randomReport() {
  const ring = pick(grids).boundary.coordinates[0];
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const lng = Math.min(...lngs) + Math.random() * (Math.max(...lngs) - Math.min(...lngs));
  const lat = Math.min(...lats) + Math.random() * (Math.max(...lats) - Math.min(...lats));
  return { categoryCode: pick(categories), description: '巡查发现：道路旁堆放建筑垃圾，影响通行', location: { lat, lng }, source: 'patrol' };
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(opts, (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res))),
  );
}

export async function runIntake(seconds = 20, connections = 20, rate = 200): Promise<IntakeResult> {
  const db = await benchDatabase();
  const server = await serveInChild(db.url);
  const base = server.base;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'street-cq', password: 'demo-password' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const common: autocannon.Options = {
    url: `${base}/api/cases`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify(randomReport()) }) }],
  };
  const fixed = await cannon({ ...common, overallRate: rate });
  await db.sql.query('SELECT pg_stat_statements_reset()');
  const cpuBefore = cpuSeconds(server.pid);
  const pgBefore = postgresCpuSeconds();
  const sat = await cannon(common);
  const cpuUsed = cpuSeconds(server.pid) - cpuBefore;
  const pgUsed = postgresCpuSeconds() - pgBefore;
  const top = await topStatements(db.sql);
  const { rows: calls } = await db.sql.query(`SELECT sum(calls)::int AS n FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`);
  await server.stop();

  // The limit: the same three rows per case straight into PostgreSQL, one transaction each.
  const pool = new Pool({ connectionString: db.url, max: connections });
  pool.on('error', () => undefined); // an idle client cut by the cluster's stop at the end
  const latencies: number[] = [];
  let done = 0;
  const end = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < end) {
          const start = performance.now();
          const id = randomUUID();
          const i = ++n;
          const r = randomReport();
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO grid_case (id, code, tracking_code, status, rung, holder_region_code, category_code, priority, description, lat, lng,
                                    district_code, street_code, area_code, neighbourhood_code, grid_code, source)
             VALUES ($1, $2, $3, 'pending', 'grid', 'XH-CQ-A1-N01-G1', $4, 'normal', $5, $6, $7, 'XH', 'XH-CQ', 'XH-CQ-A1', 'XH-CQ-A1-N01', 'XH-CQ-A1-N01-G1', 'patrol')`,
            [id, `RAW-${i}`, `RAW${i}`, r.categoryCode, r.description, r.location.lat, r.location.lng],
          );
          await client.query(`INSERT INTO case_event (case_id, type, actor, rung) VALUES ($1, 'created', 'street-cq', 'grid')`, [id]);
          await client.query(
            `INSERT INTO deadline (case_id, stage, rung, started_at, warn_at, due_at, next_at) VALUES ($1, 'rung', 'grid', now(), now() + interval '1 hour', now() + interval '2 hours', now() + interval '1 hour')`,
            [id],
          );
          await client.query('COMMIT');
          latencies.push(performance.now() - start);
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  await pool.end();
  await db.stop();
  latencies.sort((a, b) => a - b);
  const rawRps = done / seconds;
  const result: IntakeResult = {
    seconds,
    connections,
    fixedRate: {
      target: rate,
      achieved: fixed.requests.average,
      p50: fixed.latency.p50,
      p99: fixed.latency.p99,
      errors: fixed.non2xx + fixed.errors,
    },
    saturation: { rps: sat.requests.average, p50: sat.latency.p50, p99: sat.latency.p99, errors: sat.non2xx + sat.errors },
    raw: { rps: rawRps, p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    ratio: sat.requests.average / rawRps,
    profile: {
      serviceCpuMsPerCase: (cpuUsed * 1000) / Math.max(1, sat.requests.total),
      postgresCpuMsPerCase: (pgUsed * 1000) / Math.max(1, sat.requests.total),
      statementsPerCase: calls[0].n / Math.max(1, sat.requests.total),
      top,
    },
  };
  return result;
}

if (require.main === module) {
  const [seconds, connections, rate] = process.argv.slice(2).map(Number);
  runIntake(seconds || 20, connections || 20, rate || 200)
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
