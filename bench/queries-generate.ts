// Queries at scale, the data: SQL that generates a year of history inside PostgreSQL (bench/queries.ts).
// ---------------------------------------------------------------------------------------------
// The generator. Every "random" value is a hash of the case number (or of the case's id), so the
// data set is the same on every run and the dependent tables can be derived from the cases.
// ---------------------------------------------------------------------------------------------

/** A uniform number in [0, 1) from a bigint key and a salt. */
const U = (key: string, salt: number) => `((hashint8extended(${key}, ${salt}) & 9007199254740991)::float8 / 9007199254740992.0)`;
/** The same from a uuid column. */
const UU = (id: string, salt: number) => `((uuid_hash_extended(${id}, ${salt}) & 9007199254740991)::float8 / 9007199254740992.0)`;
const SEC = (seconds: string) => `((${seconds}) * interval '1 second')`;
export const OPEN = `('pending','in_progress','resolved')`;
const TRACK = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Share of cases in department-entry categories; a few more are whistled to departments later. */
const DEPARTMENT_SHARE = 0.27;

/**
 * grid_case rows i in [lo, hi] of n: created evenly over the 365 days before `now` (row order = time
 * order, as in a real table), a random grid of the demo city and a random category; mostly closed, a
 * few % open (recent ones far more often), some merged or cancelled; escalated or whistled now and
 * then; open ones 10 % breached and 8 % warning.
 */
export function caseInsertSql(): string {
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
function deadlineInsert(d: {
  ids: string;
  from: string;
  live: string;
  base: string;
  due: string;
  span: string;
  sla: string;
  stopped: string;
  lateFlag: string;
}): string {
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
export function dependentSql(): { name: string; lane: 0 | 1; sql: string }[] {
  // $1 now everywhere.
  const tc = `CASE WHEN c.escalation_count > 0 THEN c.created_at + (coalesce(c.resolved_at, $1::timestamptz) - c.created_at) * 0.3 ELSE c.created_at END
              + (d.ord - 1) * interval '1 millisecond'`;
  const tasks = `
    INSERT INTO task (id, case_id, department_code, role, status, recalled, claim_due_at, handle_due_at, claimed_at, done_at, returned_at, note, created_at, updated_at,
                      grid_code, urgent)
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
           coalesce(CASE WHEN q.status = 'done' THEN q.done_at END, CASE WHEN q.status = 'returned' THEN q.claimed_at + (q.done_at - q.claimed_at) * 0.3 END, q.claimed_at, q.tc),
           q.grid_code, q.priority = 'urgent'
    FROM (
      SELECT p.*,
             CASE WHEN p.status IN ('done','returned') THEN p.tc + (p.done_at - p.tc) * (0.05 + 0.2 * p.u)
                  WHEN p.status = 'claimed' THEN p.tc + ($1::timestamptz - p.tc) * 0.1 * p.u END AS claimed_at
      FROM (
        SELECT md5('tk' || c.id || d.ord)::uuid AS id, c.id AS case_id, c.status AS case_status, c.sla_due_at, d.dep, c.grid_code, c.priority,
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
