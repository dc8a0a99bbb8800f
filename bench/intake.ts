// Intake: POST /api/cases at a fixed rate and at saturation (autocannon), against the limit — the
// same rows (case, timeline, deadline) inserted with pg, one transaction each, same concurrency.
// Usage: node -r ./bench/register.cjs bench/intake.ts [seconds=20] [connections=20] [rate=200]
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import demoCity from '../src/database/seed/demo-city.json';
import { benchDatabase, cpuSeconds, percentile, postgresCpuSeconds, serveInChild, topStatements } from './support';

interface Saturation {
  instances: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Where a saturated intake's time goes: service and database CPU per case, statements per case and the top ones. */
  profile: { serviceCpuMsPerCase: number; postgresCpuMsPerCase: number; statementsPerCase: number; top: Awaited<ReturnType<typeof topStatements>> };
}

export interface IntakeResult {
  seconds: number;
  connections: number;
  fixedRate: { target: number; achieved: number; p50: number; p99: number; errors: number };
  /** One service process, and two on the same PostgreSQL (each load generator half the connections). */
  saturation: Saturation;
  twoInstances: Saturation;
  raw: { rps: number; p50: number; p99: number };
  ratio: number;
  twoInstancesRatio: number;
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

export async function token(base: string, username = 'street-cq'): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-password' }),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

function load(base: string, accessToken: string, connections: number, seconds: number): autocannon.Options {
  return {
    url: `${base}/api/cases`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify(randomReport()) }) }],
  };
}

/**
 * Saturation with `instances` service processes on one PostgreSQL, the connections shared between
 * them (as a load balancer would): throughput summed, the worst instance's latencies.
 */
export async function saturate(
  db: Awaited<ReturnType<typeof benchDatabase>>,
  servers: Awaited<ReturnType<typeof serveInChild>>[],
  connections: number,
  seconds: number,
) {
  const tokens = await Promise.all(servers.map((s) => token(s.base)));
  await db.sql.query('SELECT pg_stat_statements_reset()');
  const cpuBefore = servers.map((s) => cpuSeconds(s.pid));
  const pgBefore = postgresCpuSeconds();
  const results = await Promise.all(servers.map((s, i) => cannon(load(s.base, tokens[i], connections / servers.length, seconds))));
  const cpuUsed = servers.reduce((sum, s, i) => sum + cpuSeconds(s.pid) - cpuBefore[i], 0);
  const pgUsed = postgresCpuSeconds() - pgBefore;
  const top = await topStatements(db.sql);
  const { rows: calls } = await db.sql.query(`SELECT sum(calls)::int AS n FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`);
  const total = Math.max(
    1,
    results.reduce((n, r) => n + r.requests.total, 0),
  );
  return {
    instances: servers.length,
    rps: results.reduce((n, r) => n + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((n, r) => n + r.non2xx + r.errors, 0),
    profile: {
      serviceCpuMsPerCase: (cpuUsed * 1000) / total,
      postgresCpuMsPerCase: (pgUsed * 1000) / total,
      statementsPerCase: calls[0].n / total,
      top,
    },
  };
}

export async function runIntake(seconds = 20, connections = 20, rate = 200): Promise<IntakeResult> {
  const db = await benchDatabase();
  const one = await serveInChild(db.url);
  const fixed = await cannon({ ...load(one.base, await token(one.base), connections, seconds), overallRate: rate });
  const sat = await saturate(db, [one], connections, seconds);
  await one.stop();
  const pair = await Promise.all([serveInChild(db.url), serveInChild(db.url)]);
  const two = await saturate(db, pair, connections, seconds);
  await Promise.all(pair.map((s) => s.stop()));

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
    saturation: sat,
    twoInstances: two,
    raw: { rps: rawRps, p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    ratio: sat.rps / rawRps,
    twoInstancesRatio: two.rps / rawRps,
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
