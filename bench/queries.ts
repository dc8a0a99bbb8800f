// Queries at scale: a year of history (1 000 000 cases by default, with their tasks, timeline, deadlines
// and ratings) generated inside PostgreSQL (INSERT … SELECT over generate_series, never the API), then
// p50/p99 of the scoped case list, the overview and a month's ranking through HTTP, against the same SQL
// run by hand with pg. Targets: list p99 < 50 ms, overview < 100 ms, ranking < 500 ms.
// Usage: node -r ./bench/register.cjs bench/queries.ts [cases=1000000] [samples=200] [--compare] [--base] [--keep]
//   --compare  measure without the query indexes (migration 1795428000000), then with them
//   --base     measure without them only          --keep  leave the database up at the end (for psql)
import type { INestApplication } from '@nestjs/common';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { QueryIndexes1795428000000 } from '../src/database/migrations/1795428000000-query-indexes';
import { caseScopeSql } from '../src/auth/visibility';
import { DEPARTMENT_RANKING_SQL, REGION_RANKING_SQL } from '../src/stats/ranking-sql';
import { benchApp, benchDatabase, percentile } from './support';

export interface Percentiles {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** A call ran past the per-call limit: the numbers are lower bounds. */
  timedOut?: boolean;
}

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

export interface QueryResult {
  name: string;
  group: 'list' | 'overview' | 'ranking';
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

export interface QueryOptions {
  cases: number;
  samples: number;
  /** true (default): with migration 1795428000000's indexes; false: without; 'compare': both, in turn. */
  queryIndexes?: boolean | 'compare';
  /** Per query and side, stop sampling after this long (default 12 s); the sample count is reported. */
  budgetMs?: number;
  log?: (line: string) => void;
  /** Keep the database running at the end and print its URL (debugging). */
  keep?: boolean;
}

const CALL_LIMIT_MS = 60_000;
const TARGETS = { list: 50, overview: 100, ranking: 500 } as const;

// ---------------------------------------------------------------------------------------------
// The generator. Every "random" value is a hash of the case number (or of the case's id), so the
// data set is the same on every run and the dependent tables can be derived from the cases.
// ---------------------------------------------------------------------------------------------

/** A uniform number in [0, 1) from a bigint key and a salt. */
const U = (key: string, salt: number) => `((hashint8extended(${key}, ${salt}) & 9007199254740991)::float8 / 9007199254740992.0)`;
/** The same from a uuid column. */
const UU = (id: string, salt: number) => `((uuid_hash_extended(${id}, ${salt}) & 9007199254740991)::float8 / 9007199254740992.0)`;
const SEC = (seconds: string) => `((${seconds}) * interval '1 second')`;
const OPEN = `('pending','in_progress','resolved')`;
const TRACK = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Share of cases in department-entry categories; a few more are whistled to departments later. */
const DEPARTMENT_SHARE = 0.27;

/**
 * grid_case rows i in [lo, hi] of n: created evenly over the 365 days before `now` (row order = time
 * order, as in a real table), a random grid of the demo city and a random category; mostly closed, a
 * few % open (recent ones far more often), some merged or cancelled; escalated or whistled now and
 * then; open ones 10 % breached and 8 % warning.
 */
function caseInsertSql(): string {
  // $1 n, $2 lo, $3 hi, $4 now, $5 grid count, $6 department categories, $7 other categories
  const x = `
    SELECT i, md5('gc' || i)::uuid AS id,
           $4::timestamptz - interval '365 days' + ${SEC(`(i - ${U('i', 1)}) * 31536000.0 / $1::int`)} AS created_at,
           ${U('i', 2)} AS us, ${U('i', 3)} AS uo, ${U('i', 4)} < ${DEPARTMENT_SHARE} AS is_dept, ${U('i', 5)} AS uc,
           floor(${U('i', 6)} * $5::int)::int AS gi, ${U('i', 7)} AS ue, ${U('i', 8)} AS usrc, ${U('i', 9)} AS urw,
           300 + ${U('i', 10)} * 10800 AS s1, 1200 + power(${U('i', 11)}, 2) * 259200 AS s2, 600 + ${U('i', 12)} * 28800 AS s3,
           ${U('i', 13)} AS usla, ${U('i', 14)} AS ud,
           ${[20, 21, 22, 23, 24].map((k) => `substr('${TRACK}', 1 + floor(${U('i', k)} * 31)::int, 1)`).join(' || ')} AS track_tail
    FROM generate_series($2::bigint, $3::bigint) i
    OFFSET 0`;
  const grids = `
    SELECT (row_number() OVER (ORDER BY gr.code) - 1)::int AS n, gr.code AS grid, gr.name AS grid_name, gr.center,
           nb.code AS hood, ar.code AS area, st.code AS street, st.parent_code AS district
    FROM region gr JOIN region nb ON nb.code = gr.parent_code JOIN region ar ON ar.code = nb.parent_code JOIN region st ON st.code = ar.parent_code
    WHERE gr.level = 'grid'`;
  const cats = `
    SELECT code, name, priority, entry_rung, entry_rung = 'department' AS dept,
           (row_number() OVER (PARTITION BY entry_rung = 'department' ORDER BY code) - 1)::int AS k,
           array_position(ARRAY['grid','neighbourhood','area','street','department'], entry_rung) - 1 AS e0
    FROM category`;
  const y = `
    SELECT x.*, g.grid, g.grid_name, g.center, g.hood, g.area, g.street, g.district,
           cat.code AS category_code, cat.name AS category_name, cat.priority, cat.entry_rung, cat.e0,
           extract(epoch FROM $4::timestamptz - x.created_at) AS age_s,
           CASE WHEN x.us < p.open THEN CASE WHEN x.uo < 0.35 THEN 'pending' WHEN x.uo < 0.8 THEN 'in_progress' ELSE 'resolved' END
                WHEN x.us < p.open + 0.02 THEN 'merged'
                WHEN x.us < p.open + 0.035 THEN 'cancelled'
                ELSE 'closed' END AS status
    FROM (${x}) x
    JOIN (${grids}) g ON g.n = x.gi
    JOIN (${cats}) cat ON cat.dept = x.is_dept AND cat.k = floor(x.uc * CASE WHEN x.is_dept THEN $6::int ELSE $7::int END)::int
    CROSS JOIN LATERAL (SELECT CASE WHEN $4::timestamptz - x.created_at < interval '3 days' THEN 0.6
                                    WHEN $4::timestamptz - x.created_at < interval '14 days' THEN 0.2
                                    ELSE 0.012 END AS open) p
    OFFSET 0`;
  const climb = `CASE WHEN y.ue < 0.06 THEN 2 WHEN y.ue < 0.16 THEN 1 ELSE 0 END`;
  const z = `
    SELECT y.*,
           CASE WHEN y.entry_rung = 'department' THEN 'department'
                WHEN y.status = 'merged' THEN y.entry_rung
                WHEN y.ue < 0.03 THEN 'department'
                ELSE (ARRAY['grid','neighbourhood','area','street'])[least(y.e0 + ${climb}, 3) + 1] END AS rung,
           CASE WHEN y.entry_rung = 'department' OR y.status = 'merged' THEN 0
                WHEN y.ue < 0.03 THEN 4 - y.e0
                ELSE least(y.e0 + ${climb}, 3) - y.e0 END AS escalation_count,
           least(1.0, y.age_s * 0.98 / (y.s1 + y.s2 + y.s3)) AS f_closed,
           least(1.0, y.age_s * 0.9 / (y.s1 + y.s2)) AS f_res,
           least(1.0, y.age_s * 0.8 / y.s1) AS f_claim,
           CASE WHEN y.status IN ${OPEN} THEN CASE WHEN y.usla < 0.10 THEN 'breached' WHEN y.usla < 0.18 THEN 'warning' ELSE 'ok' END
                ELSE 'ok' END AS sla_state,
           CASE y.status WHEN 'closed' THEN 'closed' ELSE y.status END AS st
    FROM (${y}) y
    OFFSET 0`;
  const resolvedAt = `CASE z.status WHEN 'closed' THEN z.created_at + ${SEC('(z.s1 + z.s2) * z.f_closed')}
                                    WHEN 'resolved' THEN z.created_at + ${SEC('(z.s1 + z.s2) * z.f_res')} END`;
  const closedAt = `CASE WHEN z.status = 'closed' THEN z.created_at + ${SEC('(z.s1 + z.s2 + z.s3) * z.f_closed')} END`;
  const slaStage = `CASE WHEN z.status NOT IN ${OPEN} THEN NULL WHEN z.status = 'resolved' THEN 'verify'
                         WHEN z.rung = 'department' THEN CASE WHEN z.status = 'pending' THEN 'claim' ELSE 'handle' END
                         ELSE 'rung' END`;
  const slaDue = `CASE WHEN z.status NOT IN ${OPEN} THEN NULL
                       WHEN z.sla_state = 'breached' THEN z.created_at + ${SEC('z.age_s * 0.95')}
                       ELSE $4::timestamptz + ${SEC('3600 + z.usla * 14400')} END`;
  return `
    INSERT INTO grid_case (id, code, tracking_code, status, rung, holder_region_code, category_code, priority, description, address, lat, lng,
                           district_code, street_code, area_code, neighbourhood_code, grid_code, source, reporter_name, reporter_phone,
                           duplicate_of, rework_count, escalation_count, closure_count, feedback,
                           sla_state, sla_stage, sla_due_at, rung_due_at, verify_due_at, created_at, updated_at, resolved_at, closed_at)
    SELECT z.id,
           z.street || '-' || to_char(z.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-H' || lpad(z.i::text, 7, '0'),
           ${[923521, 29791, 961, 31, 1].map((d) => `substr('${TRACK}', 1 + ((z.i / ${d}) % 31)::int, 1)`).join(' || ')} || '-' || z.track_tail,
           z.status, z.rung,
           CASE z.rung WHEN 'grid' THEN z.grid WHEN 'neighbourhood' THEN z.hood WHEN 'area' THEN z.area ELSE z.street END,
           z.category_code, z.priority,
           z.category_name || '：' || (ARRAY['巡查发现，影响市容环境','市民来电反映，请尽快处置','同一位置多次出现，需跟进',
                                           '位于人行道旁，影响行人通行','夜间发现，存在安全隐患'])[1 + floor(z.ud * 5)::int],
           '徐汇区' || z.grid_name || ' ' || (1 + z.i % 300) || '号附近',
           (z.center->>'lat')::float8 + (z.ud - 0.5) * 0.006, (z.center->>'lng')::float8 + (z.usla - 0.5) * 0.008,
           z.district, z.street, z.area, z.hood, z.grid,
           CASE WHEN z.usrc < 0.6 THEN 'patrol' WHEN z.usrc < 0.85 THEN 'hotline' WHEN z.usrc < 0.95 THEN 'resident' ELSE 'wall' END,
           CASE WHEN z.usrc >= 0.6 AND z.usrc < 0.95 THEN '市民' END,
           CASE WHEN z.usrc >= 0.6 AND z.usrc < 0.95 THEN '139' || lpad((z.i % 100000000)::text, 8, '0') END,
           CASE WHEN z.status = 'merged' AND z.i > 1 THEN md5('gc' || (z.i - 1))::uuid END,
           CASE WHEN z.status = 'closed' AND z.urw < 0.01 THEN 2 WHEN z.status = 'closed' AND z.urw < 0.06 THEN 1 ELSE 0 END,
           z.escalation_count,
           (z.status = 'closed')::int,
           CASE WHEN z.status = 'closed' THEN '已处置完毕，感谢您的反映' END,
           z.sla_state, ${slaStage}, ${slaDue},
           CASE WHEN (${slaStage}) = 'rung' THEN ${slaDue} END,
           CASE WHEN (${slaStage}) = 'verify' THEN ${slaDue} END,
           z.created_at,
           CASE z.status WHEN 'closed' THEN ${closedAt} WHEN 'resolved' THEN ${resolvedAt}
                         WHEN 'in_progress' THEN z.created_at + ${SEC('z.s1 * z.f_claim')}
                         WHEN 'cancelled' THEN z.created_at + ${SEC('z.s1 * z.f_claim')}
                         ELSE z.created_at END,
           ${resolvedAt}, ${closedAt}
    FROM (${z}) z`;
}

/**
 * INSERT of deadlines, one per row of `from`: either live (following the case's sla_state: running or
 * warned ahead of `now`, breached behind it) or stopped (then breached now and then, by `lateFlag`).
 * `ids` are the (case_id, task_id, stage, rung) expressions over `from`.
 */
function deadlineInsert(d: { ids: string; from: string; live: string; base: string; due: string; span: string; sla: string; stopped: string; lateFlag: string }): string {
  const started = `CASE WHEN (${d.live}) AND ${d.sla} <> 'breached'
                        THEN least(greatest(${d.base}, (${d.due}) - interval '${d.span}'), $1::timestamptz - interval '1 minute')
                        ELSE ${d.base} END`;
  const state = `CASE WHEN NOT (${d.live}) THEN 'stopped' WHEN ${d.sla} = 'breached' THEN 'breached' WHEN ${d.sla} = 'warning' THEN 'warned' ELSE 'running' END`;
  const warnAt = `CASE s.state WHEN 'warned' THEN least(s.started + (s.due - s.started) * 0.8, $1::timestamptz - interval '30 seconds')
                               WHEN 'running' THEN greatest(s.started + (s.due - s.started) * 0.8, $1::timestamptz + interval '5 minutes')
                               ELSE s.started + (s.due - s.started) * 0.8 END`;
  return `
    INSERT INTO deadline (case_id, task_id, stage, rung, started_at, warn_at, due_at, state, next_at, breached_at, stopped_at)
    SELECT s.case_id, s.task_id, s.stage, s.rung, s.started, ${warnAt}, s.due, s.state,
           CASE s.state WHEN 'running' THEN ${warnAt} WHEN 'warned' THEN s.due END,
           CASE WHEN s.state = 'breached' THEN s.due + interval '1 second'
                WHEN s.state = 'stopped' AND s.late AND s.due < s.stopped THEN s.due + interval '1 second' END,
           s.stopped
    FROM (SELECT ${d.ids}, ${started} AS started, ${d.due} AS due, ${state} AS state,
                 CASE WHEN NOT (${d.live}) THEN ${d.stopped} END AS stopped, (${d.lateFlag}) AS late
          FROM ${d.from}
          OFFSET 0) s`;
}

/** Load statements after the cases, in two lanes (one per connection), each in order. */
function dependentSql(): { name: string; lane: 0 | 1; sql: string }[] {
  // $1 now everywhere.
  const tc = `CASE WHEN c.escalation_count > 0 THEN c.created_at + (coalesce(c.resolved_at, $1::timestamptz) - c.created_at) * 0.3 ELSE c.created_at END
              + (d.ord - 1) * interval '1 millisecond'`;
  const tasks = `
    INSERT INTO task (id, case_id, department_code, role, status, recalled, claim_due_at, handle_due_at, claimed_at, done_at, returned_at, note, created_at, updated_at)
    SELECT q.id, q.case_id, q.dep, q.role, q.status, q.recalled,
           CASE WHEN q.case_status = 'pending' THEN q.sla_due_at ELSE q.tc + interval '2 hours' END,
           CASE WHEN q.case_status = 'in_progress' THEN q.sla_due_at
                WHEN q.case_status = 'pending' THEN $1::timestamptz + interval '1 day' + ${SEC(`${UU('q.case_id', 102)} * 14400`)}
                ELSE q.tc + interval '1 day' END,
           q.claimed_at,
           CASE WHEN q.status = 'done' THEN q.done_at END,
           CASE WHEN q.status = 'returned' THEN q.claimed_at + (q.done_at - q.claimed_at) * 0.3 END,
           CASE WHEN q.status = 'done' THEN '已到场处置' WHEN q.status = 'returned' THEN '不属于本部门职责' END,
           q.tc,
           coalesce(CASE WHEN q.status = 'done' THEN q.done_at END, CASE WHEN q.status = 'returned' THEN q.claimed_at + (q.done_at - q.claimed_at) * 0.3 END, q.claimed_at, q.tc)
    FROM (
      SELECT p.*,
             CASE WHEN p.status IN ('done','returned') THEN p.tc + (p.done_at - p.tc) * (0.05 + 0.2 * p.u)
                  WHEN p.status = 'claimed' THEN p.tc + ($1::timestamptz - p.tc) * 0.1 * p.u END AS claimed_at
      FROM (
        SELECT md5('tk' || c.id || d.ord)::uuid AS id, c.id AS case_id, c.status AS case_status, c.sla_due_at, d.dep,
               CASE WHEN d.ord = 1 THEN 'lead' ELSE 'assist' END AS role,
               CASE c.status WHEN 'pending' THEN 'pending' WHEN 'cancelled' THEN 'pending' WHEN 'in_progress' THEN 'claimed'
                             ELSE CASE WHEN c.status = 'closed' AND ${U('hashtext(c.id::text)::bigint * 8 + d.ord', 101)} < 0.04 THEN 'returned' ELSE 'done' END END AS status,
               c.status = 'cancelled' AS recalled,
               ${tc} AS tc,
               c.resolved_at - (d.ord - 1) * (c.resolved_at - (${tc})) * 0.1 AS done_at,
               ${UU('c.id', 103)} AS u
        FROM grid_case c
        JOIN category cat ON cat.code = c.category_code
        CROSS JOIN LATERAL unnest(ARRAY[cat.lead_department_code] || cat.assist_department_codes) WITH ORDINALITY d(dep, ord)
        WHERE c.rung = 'department' AND c.status <> 'merged'
        OFFSET 0) p
      OFFSET 0) q`;
  const taskEvents = `
    INSERT INTO case_event (case_id, at, type, actor, actor_role, rung, holder_region_code, task_id, department_code, note)
    SELECT t.case_id, e.at, e.type, e.actor, e.role, 'department', c.holder_region_code, t.id, t.department_code, e.note
    FROM task t JOIN grid_case c ON c.id = t.case_id
    CROSS JOIN LATERAL (VALUES (t.created_at, 'task.created', 'system', NULL, NULL),
                               (t.claimed_at, 'task.claimed', 'liaison-' || lower(t.department_code), 'liaison', NULL),
                               (t.done_at, 'task.completed', 'liaison-' || lower(t.department_code), 'liaison', t.note),
                               (t.returned_at, 'task.returned', 'liaison-' || lower(t.department_code), 'liaison', t.note)) e(at, type, actor, role, note)
    WHERE e.at IS NOT NULL`;
  const claimedAt = `c.created_at + (coalesce(c.resolved_at, $1::timestamptz) - c.created_at) * 0.3`;
  const caseEvents = `
    INSERT INTO case_event (case_id, at, type, actor, actor_role, rung, holder_region_code, note)
    SELECT c.id, e.at, e.type, e.actor, e.role, c.rung, c.holder_region_code, e.note
    FROM grid_case c
    CROSS JOIN LATERAL (VALUES
      (c.created_at, 'created', CASE c.source WHEN 'patrol' THEN 'inspector' WHEN 'resident' THEN 'resident' ELSE 'street-operator' END,
       CASE c.source WHEN 'patrol' THEN 'inspector' WHEN 'resident' THEN NULL ELSE 'street' END, c.description, true),
      (c.created_at + (coalesce(c.resolved_at, $1::timestamptz) - c.created_at) * 0.2, CASE WHEN c.rung = 'department' THEN 'whistled' ELSE 'escalated' END,
       'system', NULL, NULL, c.escalation_count > 0),
      (${claimedAt}, 'claimed', 'handler', 'neighbourhood', NULL, c.rung <> 'department' AND c.status IN ('in_progress','resolved','closed')),
      (c.resolved_at, 'resolved', 'handler', 'neighbourhood', '已处置', c.resolved_at IS NOT NULL),
      (c.closed_at, 'closed', 'inspector', 'inspector', '核查通过', c.status = 'closed'),
      (c.created_at, 'merged', 'system', NULL, NULL, c.status = 'merged'),
      (c.updated_at, 'cancelled', 'street-operator', 'street', '无效上报', c.status = 'cancelled')
    ) e(at, type, actor, role, note, keep)
    WHERE e.keep`;
  const sla = `c.sla_state`;
  const caseDeadlines = deadlineInsert({
    ids: `c.id AS case_id, NULL::uuid AS task_id, 'rung' AS stage, c.rung`,
    from: `grid_case c WHERE c.rung <> 'department' AND c.status <> 'merged'`,
    live: `c.status IN ('pending','in_progress')`,
    base: 'c.created_at',
    due: `CASE WHEN c.status IN ('pending','in_progress') THEN c.sla_due_at ELSE c.created_at + ${SEC(`3600 + ${UU('c.id', 51)} * 10800`)} END`,
    span: '4 hours',
    sla,
    stopped: 'coalesce(c.resolved_at, c.updated_at)',
    lateFlag: `c.escalation_count > 0 OR ${UU('c.id', 52)} < 0.08`,
  });
  const verifyDeadlines = deadlineInsert({
    ids: `c.id AS case_id, NULL::uuid AS task_id, 'verify' AS stage, c.rung`,
    from: `grid_case c WHERE c.resolved_at IS NOT NULL`,
    live: `c.status = 'resolved'`,
    base: 'c.resolved_at',
    due: `CASE WHEN c.status = 'resolved' THEN c.sla_due_at ELSE c.resolved_at + interval '2 hours' END`,
    span: '2 hours',
    sla,
    stopped: 'coalesce(c.closed_at, c.updated_at)',
    lateFlag: `${UU('c.id', 53)} < 0.04`,
  });
  const taskFrom = `task t JOIN grid_case c ON c.id = t.case_id`;
  const claimDeadlines = deadlineInsert({
    ids: `t.case_id, t.id AS task_id, 'claim' AS stage, 'department' AS rung`,
    from: taskFrom,
    live: `t.status = 'pending' AND NOT t.recalled`,
    base: 't.created_at',
    due: 't.claim_due_at',
    span: '2 hours',
    sla,
    stopped: 'coalesce(t.claimed_at, t.updated_at)',
    lateFlag: `${UU('t.id', 61)} < 0.05`,
  });
  const handleDeadlines = deadlineInsert({
    ids: `t.case_id, t.id AS task_id, 'handle' AS stage, 'department' AS rung`,
    from: taskFrom,
    live: `t.status IN ('pending','claimed') AND NOT t.recalled`,
    base: 't.created_at',
    due: 't.handle_due_at',
    span: '1 day',
    sla: `(CASE WHEN t.status = 'claimed' THEN c.sla_state ELSE 'ok' END)`,
    stopped: 'coalesce(t.done_at, t.returned_at, t.updated_at)',
    lateFlag: `${UU('t.id', 62)} < 0.10`,
  });
  const ratings = `
    INSERT INTO rating (case_id, closure, satisfaction, comment, at)
    SELECT c.id, 1,
           CASE WHEN ${UU('c.id', 71)} < 0.85 THEN 'satisfied' WHEN ${UU('c.id', 71)} < 0.95 THEN 'basic' ELSE 'unsatisfied' END,
           CASE WHEN ${UU('c.id', 71)} >= 0.95 THEN '处理不及时' END,
           least(c.closed_at + ${SEC(`${UU('c.id', 72)} * 172800`)}, $1::timestamptz)
    FROM grid_case c
    WHERE c.status = 'closed' AND ${UU('c.id', 70)} < 0.2`;
  return [
    { name: 'tasks', lane: 0, sql: tasks },
    { name: 'task events', lane: 0, sql: taskEvents },
    { name: 'task deadlines (claim)', lane: 0, sql: claimDeadlines },
    { name: 'task deadlines (handle)', lane: 0, sql: handleDeadlines },
    { name: 'ratings', lane: 0, sql: ratings },
    { name: 'case events', lane: 1, sql: caseEvents },
    { name: 'rung deadlines', lane: 1, sql: caseDeadlines },
    { name: 'verify deadlines', lane: 0, sql: verifyDeadlines },
  ];
}

const LOADED_TABLES = ['grid_case', 'task', 'case_event', 'deadline', 'rating'];

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const r = await fn();
  return [r, (performance.now() - start) / 1000];
}

/** Generates `n` cases and everything hanging off them, on two connections; returns the counts and timings. */
export async function loadHistory(url: string, n: number, now: Date, log: (s: string) => void): Promise<LoadStats> {
  const lanes = [new Client({ connectionString: url, application_name: 'bench-load' }), new Client({ connectionString: url, application_name: 'bench-load' })];
  await Promise.all(lanes.map((c) => c.connect()));
  try {
    for (const c of lanes) {
      // Data generated consistent by construction: no per-row foreign-key triggers.
      await c.query(`SET session_replication_role = replica`);
      await c.query(`SET maintenance_work_mem = '512MB'`);
      await c.query(`SET work_mem = '64MB'`);
    }
    const [a, b] = lanes;
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

    const { rows: [counts] } = await a.query<{ grids: number; dept: number; other: number }>(
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
          const [res, s] = await timed(() => lanes[lane].query(step.sql, step.sql.includes("$1") ? [now] : []));
          log(`  ${step.name}: ${res.rowCount} rows in ${s.toFixed(1)} s`);
        }
      }),
    );
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

    const { rows: [r] } = await a.query(
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

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

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
  return { samples: times.length, p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), max: round(times[times.length - 1]), ...(timedOut ? { timedOut } : {}) };
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

async function measureAll(app: INestApplication, url: string, samples: number, budgetMs: number, log: (s: string) => void) {
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
  const { rows: [{ tz }] } = await pool.query(`SELECT definition->>'timezone' AS tz FROM work_calendar LIMIT 1`);
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
    const c = b.slice(0, 50).map((r) => r.id).join();
    return a === c ? `same ${s.items.length} ids` : `DIFFERENT ids (service ${s.items.length}, baseline ${Math.min(50, b.length)})`;
  };

  // Page 2 starts after page 1's last case (service cursor; the same position for the baseline).
  const first = await get('/api/cases?limit=50', 'street');
  const last = (await pool.query(LIST_SQL(''), [street])).rows[49];
  const cursor: string | null = first.nextCursor;

  // street-cq's rankings: every department on XH-CQ's cases; XH-CQ alone among the streets.
  const departments = (await pool.query('SELECT code FROM department')).rows.map((r) => r.code as string);
  const streetScope = caseScopeSql({ kind: 'region', level: 'street', code: street }, 'c', '$4');
  const departmentRanking = { sql: DEPARTMENT_RANKING_SQL(streetScope.sql), params: [from, to, departments, street] };
  const streetRanking = { sql: REGION_RANKING_SQL('street'), params: [from, to, [street]] };
  const ranking = (groupBy: 'department' | 'street') => async () => {
    const q = groupBy === 'department' ? departmentRanking : streetRanking;
    return (await pool.query(q.sql, q.params)).rows;
  };
  const sameRanking = (s: any, b: any[]) => {
    const a = s.items.map((i: any) => `${i.code}:${i.received}/${i.closed}`).join();
    const c = b.map((r) => `${r.code}:${r.received}/${r.closed}`).join();
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
  ];

  const results: Omit<QueryResult, 'schema' | 'load'>[] = [];
  try {
    for (const m of measured) {
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

/** The query indexes of migration 1795428000000, put in place or taken away on the bench database. */
class QueryIndexSwitch {
  constructor(
    private readonly app: INestApplication,
    /** Registered in data-source-options: the app's migrations created them. */
    readonly registered: boolean,
    private present = registered,
  ) {}

  static async of(app: INestApplication) {
    const ds = app.get(DataSource);
    return new QueryIndexSwitch(app, ds.migrations.some((m) => m.name === new QueryIndexes1795428000000().name));
  }

  async set(on: boolean, log: (s: string) => void) {
    if (on === this.present) return;
    const runner = this.app.get(DataSource).createQueryRunner();
    try {
      const [, s] = await timed(async () => {
        const migration = new QueryIndexes1795428000000();
        await (on ? migration.up(runner) : migration.down(runner));
        await runner.query('ANALYZE grid_case, deadline, rating, task, case_event');
      });
      this.present = on;
      log(`  query indexes ${on ? 'created' : 'dropped'} (${s.toFixed(1)} s)`);
    } finally {
      await runner.release();
    }
  }
}

/** The results, one per query (and schema variant), and the load and notes (Markdown) for RESULTS.md. */
export interface QueryRun {
  results: QueryResult[];
  load: LoadStats;
  /** The load, what each query checked, and EXPLAIN of every missed target. */
  notes: string[];
}

export async function runQueries(opts: QueryOptions): Promise<QueryRun> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const budgetMs = opts.budgetMs ?? 12_000;
  const mode = opts.queryIndexes ?? true;
  const started = performance.now();
  const db = await benchDatabase();
  let app: INestApplication | undefined;
  try {
    app = await benchApp(db.url);
    const indexes = await QueryIndexSwitch.of(app);
    log(
      `queries: database and app up (${((performance.now() - started) / 1000).toFixed(1)} s); ` +
        `QueryIndexes migration ${indexes.registered ? 'registered' : 'not registered (its up() is run by this benchmark when wanted)'}`,
    );
    log(`queries: generating ${opts.cases} cases of history …`);
    const load = await loadHistory(db.url, opts.cases, new Date(), log);
    log(
      `queries: loaded ${load.cases} cases (${load.openCases} open), ${load.tasks} tasks, ${load.events} events, ${load.deadlines} deadlines, ` +
        `${load.ratings} ratings in ${load.totalSeconds} s (insert ${load.insertSeconds} s, indexes ${load.indexSeconds} s, vacuum ${load.vacuumSeconds} s)`,
    );
    const variants: ('base' | 'query-indexes')[] = mode === 'compare' ? ['base', 'query-indexes'] : mode ? ['query-indexes'] : ['base'];
    const results: QueryResult[] = [];
    for (const schema of variants) {
      await indexes.set(schema === 'query-indexes', log);
      log(`queries: measuring (${schema}), ${opts.samples} samples each (at most ${budgetMs / 1000} s per query and side) …`);
      for (const r of await measureAll(app, db.url, opts.samples, budgetMs, log)) results.push({ ...r, schema, load });
    }
    log(`queries: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const run: QueryRun = { results, load, notes: notesOf(results, load) };
    if (opts.keep) {
      // (Not a signal: Nest's shutdown hooks exit on them before the database is stopped.)
      const marker = join(tmpdir(), `bench-queries-keep-${process.pid}`);
      writeFileSync(marker, db.url + '\n');
      log(`queries: --keep: database at ${db.url}; rm ${marker} to stop`);
      while (existsSync(marker)) await new Promise((r) => setTimeout(r, 500));
    }
    return run;
  } finally {
    await app?.close();
    await db.stop();
  }
}

function notesOf(results: QueryResult[], load: LoadStats): string[] {
  const notes = [
    `Generated server-side (INSERT … SELECT over generate_series, foreign-key triggers off, secondary indexes rebuilt after): ` +
      `${load.cases.toLocaleString('en')} cases over 365 days (${load.openCases.toLocaleString('en')} open), ${load.tasks.toLocaleString('en')} tasks, ` +
      `${load.events.toLocaleString('en')} timeline events, ${load.deadlines.toLocaleString('en')} deadlines, ${load.ratings.toLocaleString('en')} ratings — ` +
      `${load.totalSeconds} s (insert ${load.insertSeconds} s, indexes ${load.indexSeconds} s, VACUUM ANALYZE ${load.vacuumSeconds} s).`,
    ...results.map((r) => `- ${r.schema} · ${r.name}: ${r.check}${r.service.samples < 100 ? ` (${r.service.samples}/${r.baseline.samples} samples: p99 = max)` : ''}`),
  ];
  for (const r of results.filter((x) => x.explain)) {
    notes.push(`#### ${r.name} (${r.schema}): missed p99 < ${r.target.p99Below} ms — EXPLAIN (ANALYZE, BUFFERS) of its SQL\n\n\`\`\`\n${r.explain}\n\`\`\``);
  }
  return notes;
}

export function printTable(results: QueryResult[]): void {
  const rows = results.map((r) => ({
    schema: r.schema,
    query: r.name,
    'service p50': r.service.p50,
    'service p99': r.service.p99,
    'SQL p50': r.baseline.p50,
    'SQL p99': r.baseline.p99,
    'ratio p50': r.ratio.p50,
    'ratio p99': r.ratio.p99,
    samples: `${r.service.samples}/${r.baseline.samples}`,
    target: `${r.target.met ? 'ok' : 'MISSED'} (p99 < ${r.target.p99Below})`,
  }));
  console.table(rows);
  for (const r of results.filter((x) => x.explain)) console.log(`\n### ${r.schema} · ${r.name}: EXPLAIN (ANALYZE, BUFFERS)\n${r.explain}`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const nums = args.filter((a) => !a.startsWith('--')).map(Number);
  const queryIndexes = args.includes('--compare') ? 'compare' : args.includes('--base') ? false : true;
  runQueries({ cases: nums[0] || 1_000_000, samples: nums[1] || 200, queryIndexes, keep: args.includes('--keep') })
    .then((run) => {
      printTable(run.results);
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
