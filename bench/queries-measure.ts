// Queries at scale, the measurements: each query through HTTP against the same SQL by hand (bench/queries.ts).
import type { INestApplication } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { periodOf } from '../src/evaluation/domain/period';
import { HOTSPOTS_SQL } from '../src/stats/hotspot.repository';
import { DEPARTMENT_INDICATORS_SQL, GRID_INDICATORS_SQL } from '../src/stats/indicator.repository';
import { round, type LoadStats } from './queries-load';
import { percentile } from './support';

export interface Percentiles {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** A call ran past the per-call limit: the numbers are lower bounds. */
  timedOut?: boolean;
}

export interface QueryResult {
  name: string;
  group: 'list' | 'overview' | 'ranking' | 'hotspots';
  /** The HTTP request measured (user in `user`). */
  request: string;
  user: string;
  /** `base`: the schema of the registered migrations without QueryIndexes; `query-indexes`: with it. */
  schema: 'base' | 'query-indexes';
  service: Percentiles;
  baseline: Percentiles;
  /** service / baseline. */
  ratio: { p50: number; p99: number };
  /** Met when the service's p99 is below `p99Below` ms. */
  target: { p99Below: number; met: boolean };
  /** EXPLAIN (ANALYZE, BUFFERS) of the baseline SQL, when the target was missed. */
  explain?: string;
  /** What the run checked between service and baseline (same rows, same counts). */
  check: string;
  load: LoadStats;
}

const CALL_LIMIT_MS = 60_000;
const TARGETS = { list: 50, overview: 100, ranking: 500, hotspots: 200 } as const;

// ---------------------------------------------------------------------------------------------
// The queries, as the service runs them (src/cases/case-queries.service.ts, src/stats/stats.service.ts).
// ---------------------------------------------------------------------------------------------

const LIST_SQL = (extra: string) => `
  SELECT c.* FROM grid_case c
  WHERE c.street_code = $1 ${extra}
  ORDER BY c.created_at DESC, c.id DESC LIMIT 51`;
const TASKS_SQL = `SELECT * FROM task WHERE case_id = ANY($1::uuid[]) ORDER BY created_at ASC`;

const OVERVIEW_OPEN_SQL = `
  SELECT status, rung, sla_state, category_code, count(*)::int AS n
  FROM grid_case c WHERE c.street_code = $1 AND status IN ('pending','in_progress','resolved')
  GROUP BY status, rung, sla_state, category_code`;
const OVERVIEW_TODAY_SQL = `
  WITH day AS (SELECT date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2 AS start)
  SELECT (SELECT count(*) FROM grid_case c, day WHERE c.street_code = $1 AND c.created_at >= day.start AND c.status <> 'merged')::int AS created,
         (SELECT count(*) FROM grid_case c, day WHERE c.street_code = $1 AND c.closed_at >= day.start AND c.status = 'closed')::int AS closed`;

interface Measured {
  name: string;
  group: QueryResult['group'];
  request: string;
  user: 'street' | 'wall';
  /** One service call; returns something comparable with the baseline's. */
  service: () => Promise<unknown>;
  baseline: () => Promise<unknown>;
  compare: (service: any, baseline: any) => string;
  explain: { sql: string; params: unknown[] }[];
}

/** `samples` sequential calls after two warm-ups, stopping early past `budgetMs` or a call past the limit. */
async function sample(samples: number, budgetMs: number, fn: () => Promise<unknown>, onTimeout: () => Promise<void>): Promise<Percentiles> {
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  let timedOut = false;
  const call = async () => {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'limit'>((resolve) => (timer = setTimeout(() => resolve('limit'), CALL_LIMIT_MS)));
    const outcome = await Promise.race([fn().then(() => 'ok' as const), limit]);
    clearTimeout(timer);
    if (outcome === 'limit') {
      timedOut = true;
      await onTimeout();
    }
    return performance.now() - start;
  };
  for (let w = 0; w < 2 && !timedOut; w++) {
    const ms = await call();
    if (ms > budgetMs / 4) {
      times.push(ms); // too slow to waste on warm-ups
      break;
    }
  }
  while (!timedOut && times.length < samples && (times.length < 3 || performance.now() < deadline)) times.push(await call());
  times.sort((x, y) => x - y);
  return {
    samples: times.length,
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
    max: round(times[times.length - 1]),
    ...(timedOut ? { timedOut } : {}),
  };
}

async function explain(pool: Pool, qs: { sql: string; params: unknown[] }[]): Promise<string> {
  const out: string[] = [];
  for (const q of qs) {
    const client = await pool.connect();
    try {
      await client.query(`SET statement_timeout = ${CALL_LIMIT_MS * 3}`);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      out.push(`-- ${q.sql.trim().split('\n')[0].trim()} …  params ${JSON.stringify(q.params)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    } catch (e) {
      out.push(`-- EXPLAIN failed: ${(e as Error).message}`);
    } finally {
      client.release();
    }
  }
  return out.join('\n\n');
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-password' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** `only`: the groups to measure (default all), e.g. `['hotspots']` from `bench/queries.ts --only=hotspots`. */
export async function measureAll(app: INestApplication, url: string, samples: number, budgetMs: number, log: (s: string) => void, only?: string[]) {
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens = { street: await login(base, 'street-cq'), wall: await login(base, 'wall-cq') };
  const get = async (path: string, user: 'street' | 'wall') => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[user]}` } });
    const body = await res.json();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body as any;
  };
  const pool = new Pool({ connectionString: url, max: 2, application_name: 'bench-baseline', options: `-c statement_timeout=${CALL_LIMIT_MS}` });
  const admin = new Client({ connectionString: url, application_name: 'bench-admin' });
  await admin.connect();
  const cancelService = async () => {
    await admin.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'grid-dispatch' AND state = 'active'`);
  };
  const noop = async () => undefined;

  const street = 'XH-CQ';
  const {
    rows: [{ tz }],
  } = await pool.query(`SELECT definition->>'timezone' AS tz FROM work_calendar LIMIT 1`);
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const range = `from=${from.toISOString()}&to=${to.toISOString()}`;

  const listBaseline = async (extra: string, params: unknown[]) => {
    const { rows } = await pool.query(LIST_SQL(extra), [street, ...params]);
    const ids = rows.slice(0, 50).map((r) => r.id);
    await pool.query(TASKS_SQL, [ids]);
    return rows;
  };
  const sameIds = (s: any, b: any[]) => {
    const a = s.items.map((i: any) => i.id).join();
    const c = b
      .slice(0, 50)
      .map((r) => r.id)
      .join();
    return a === c ? `same ${s.items.length} ids` : `DIFFERENT ids (service ${s.items.length}, baseline ${Math.min(50, b.length)})`;
  };

  // Page 2 starts after page 1's last case (service cursor; the same position for the baseline).
  const first = await get('/api/cases?limit=50', 'street');
  const last = (await pool.query(LIST_SQL(''), [street])).rows[49];
  const cursor: string | null = first.nextCursor;

  // street-cq's rankings: every department on XH-CQ's cases; XH-CQ alone among the streets.
  const departments = (await pool.query('SELECT code FROM department')).rows.map((r) => r.code as string);
  const streetGrids = (await pool.query(`SELECT code FROM region WHERE level = 'grid' AND code LIKE $1 || '-%'`, [street])).rows.map(
    (r) => r.code as string,
  );
  const departmentRanking = { sql: DEPARTMENT_INDICATORS_SQL(true), params: [from, to, departments, streetGrids] };
  const streetRanking = { sql: GRID_INDICATORS_SQL, params: [from, to, streetGrids] };
  // A street is the sum of its grids (as IndicatorsService adds them up).
  const sumOfGrids = (rows: any[]) => [
    { code: street, received: rows.reduce((n, r) => n + r.received, 0), closed: rows.reduce((n, r) => n + r.closed, 0) },
  ];
  const ranking = (groupBy: 'department' | 'street') => async () => {
    const q = groupBy === 'department' ? departmentRanking : streetRanking;
    const rows = (await pool.query(q.sql, q.params)).rows;
    return groupBy === 'street' ? sumOfGrids(rows) : rows;
  };
  // The district year so far by department (the 考核 question), street-cq's scope.
  const year = periodOf(new Date(), 'year');
  const yearByDepartment = { sql: DEPARTMENT_INDICATORS_SQL(true), params: [year.from, year.to, departments, streetGrids] };
  const indicators = async () => (await pool.query(yearByDepartment.sql, yearByDepartment.params)).rows;
  const sameRanking = (s: any, b: any[]) => {
    // The SQL answers the units with data only; the service lists every unit, zeros included.
    const a = s.items
      .filter((i: any) => i.received > 0)
      .map((i: any) => `${i.code}:${i.received}/${i.closed}`)
      .join();
    const c = b
      .filter((r) => r.received > 0)
      .map((r) => `${r.code}:${r.received}/${r.closed}`)
      .join();
    return a === c ? `same ${b.length} rows (received ${b.reduce((n, r) => n + r.received, 0)})` : `DIFFERENT rows: service ${a} · baseline ${c}`;
  };

  const measured: Measured[] = [
    {
      name: 'list (street scope)',
      group: 'list',
      request: 'GET /api/cases?limit=50',
      user: 'street',
      service: () => get('/api/cases?limit=50', 'street'),
      baseline: () => listBaseline('', []),
      compare: sameIds,
      explain: [{ sql: LIST_SQL(''), params: [street] }],
    },
    {
      name: 'list status=pending',
      group: 'list',
      request: 'GET /api/cases?limit=50&status=pending',
      user: 'street',
      service: () => get('/api/cases?limit=50&status=pending', 'street'),
      baseline: () => listBaseline('AND c.status = $2', ['pending']),
      compare: sameIds,
      explain: [{ sql: LIST_SQL('AND c.status = $2'), params: [street, 'pending'] }],
    },
    {
      name: 'list overdue=true',
      group: 'list',
      request: 'GET /api/cases?limit=50&overdue=true',
      user: 'street',
      service: () => get('/api/cases?limit=50&overdue=true', 'street'),
      baseline: () => listBaseline(`AND c.sla_state = 'breached'`, []),
      compare: sameIds,
      explain: [{ sql: LIST_SQL(`AND c.sla_state = 'breached'`), params: [street] }],
    },
    {
      name: 'list page 2 (cursor)',
      group: 'list',
      request: 'GET /api/cases?limit=50&cursor=<page 1>',
      user: 'street',
      service: () => get(`/api/cases?limit=50&cursor=${cursor}`, 'street'),
      baseline: () => listBaseline('AND (c.created_at, c.id) < ($2, $3)', [last.created_at, last.id]),
      compare: sameIds,
      explain: [{ sql: LIST_SQL('AND (c.created_at, c.id) < ($2, $3)'), params: [street, last.created_at, last.id] }],
    },
    {
      name: 'overview (street)',
      group: 'overview',
      request: 'GET /api/stats/overview',
      user: 'wall',
      service: () => get('/api/stats/overview', 'wall'),
      // The service runs its two statements concurrently on two pooled connections; so does this.
      baseline: async () => {
        const [open, today] = await Promise.all([pool.query(OVERVIEW_OPEN_SQL, [street]), pool.query(OVERVIEW_TODAY_SQL, [street, tz])]);
        return { open: open.rows.reduce((n, r) => n + r.n, 0), ...today.rows[0] };
      },
      compare: (s, b) =>
        s.open === b.open && s.createdToday === b.created && s.closedToday === b.closed
          ? `same counts (open ${b.open}, created today ${b.created}, closed today ${b.closed})`
          : `DIFFERENT counts: service ${s.open}/${s.createdToday}/${s.closedToday} · baseline ${b.open}/${b.created}/${b.closed}`,
      explain: [
        { sql: OVERVIEW_OPEN_SQL, params: [street] },
        { sql: OVERVIEW_TODAY_SQL, params: [street, tz] },
      ],
    },
    {
      name: 'ranking by department (30 days)',
      group: 'ranking',
      request: 'GET /api/stats/ranking?groupBy=department&from=<30 days ago>&to=<now>',
      user: 'street',
      service: () => get(`/api/stats/ranking?groupBy=department&${range}`, 'street'),
      baseline: ranking('department'),
      compare: sameRanking,
      explain: [departmentRanking],
    },
    {
      name: 'ranking by street (30 days)',
      group: 'ranking',
      request: 'GET /api/stats/ranking?groupBy=street&from=<30 days ago>&to=<now>',
      user: 'street',
      service: () => get(`/api/stats/ranking?groupBy=street&${range}`, 'street'),
      baseline: ranking('street'),
      compare: sameRanking,
      explain: [streetRanking],
    },
    {
      name: 'indicators by department (year)',
      group: 'ranking',
      request: `GET /api/evaluation/indicators?groupBy=department&period=${year.code}`,
      user: 'street',
      service: () => get(`/api/evaluation/indicators?groupBy=department&period=${year.code}`, 'street'),
      baseline: indicators,
      compare: sameRanking,
      explain: [yearByDepartment],
    },
  ];

  // Recurring problems of the street, the last 30 days, at least 5 reports (the API's defaults).
  const hotspots = () => ({ sql: HOTSPOTS_SQL('street'), params: [street, new Date(Date.now() - 30 * 86_400_000), 5, 50, 100] });
  const hotspotKeys = (items: any[]) => items.map((i) => `${i.gridCode}/${i.categoryCode}:${i.count}`).join();
  measured.push({
    name: 'hotspots (street, 30 days)',
    group: 'hotspots',
    request: 'GET /api/stats/hotspots',
    user: 'street',
    service: () => get('/api/stats/hotspots', 'street'),
    baseline: async () => {
      const q = hotspots();
      return (await pool.query(q.sql, q.params)).rows;
    },
    compare: (s, b) => {
      const cases = b.reduce((n: number, r: any) => n + r.caseIds.length, 0);
      // The window moves with the clock: a case on its edge may fall out between the two calls.
      return hotspotKeys(s.items) === hotspotKeys(b)
        ? `same ${b.length} hotspots (${cases} cases; counts ${b[0]?.count ?? 0}…${b[b.length - 1]?.count ?? 0})`
        : `DIFFERENT hotspots: service ${hotspotKeys(s.items).slice(0, 120)} · baseline ${hotspotKeys(b).slice(0, 120)}`;
    },
    explain: [hotspots()],
  });

  const results: Omit<QueryResult, 'schema' | 'load'>[] = [];
  try {
    for (const m of measured.filter((x) => !only?.length || only.includes(x.group))) {
      let check: string;
      try {
        check = m.compare(await m.service(), await m.baseline());
      } catch (e) {
        check = `check failed: ${(e as Error).message}`;
      }
      const budget = m.group === 'ranking' ? budgetMs * 1.5 : budgetMs;
      const service = await sample(samples, budget, m.service, cancelService);
      // The same number of samples as the service got (it stops early on a slow query).
      const baseline = await sample(service.samples, budget * 2, m.baseline, noop);
      const target = TARGETS[m.group];
      const met = !service.timedOut && service.p99 < target;
      const r: Omit<QueryResult, 'schema' | 'load'> = {
        name: m.name,
        group: m.group,
        request: m.request,
        user: m.user === 'street' ? 'street-cq' : 'wall-cq',
        service,
        baseline,
        ratio: { p50: round(service.p50 / baseline.p50), p99: round(service.p99 / baseline.p99) },
        target: { p99Below: target, met },
        check,
      };
      if (!met) r.explain = await explain(pool, m.explain);
      results.push(r);
      log(
        `  ${m.name.padEnd(32)} service p50 ${fmt(service.p50)} p99 ${fmt(service.p99)} (${service.samples}${service.timedOut ? ', TIMED OUT' : ''}) · ` +
          `SQL p50 ${fmt(baseline.p50)} p99 ${fmt(baseline.p99)} (${baseline.samples}) · ×${r.ratio.p99} · ${met ? 'ok' : `MISSED < ${target} ms`} · ${check}`,
      );
    }
  } finally {
    await pool.end();
    await admin.end();
  }
  return results;
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
