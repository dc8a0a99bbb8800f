/**
 * The evaluation rankings (考核排名) as SQL, shared by StatsService and the benchmark that runs them by
 * hand as its baseline. Shaped for a year of history (bench/HISTORY.md): the case's rework count
 * looked up by key rather than a join over every case, late and returned tasks as small sets joined
 * once, and the merged duplicates' ratings as a second UNION arm rather than an OR join.
 */

/**
 * The departments $3 (text[]): their tasks received in [$1, $2) on the cases `caseScope` admits (SQL
 * over alias `c`, from caseScopeSql with its code as $4) — claimed and done in time, returned, rated.
 */
export const DEPARTMENT_RANKING_SQL = (caseScope = 'TRUE') => `
  WITH t AS (
    SELECT t.id, t.case_id, t.department_code, t.created_at, t.done_at, c.rework_count
    FROM task t JOIN grid_case c ON c.id = t.case_id
    WHERE t.created_at >= $1 AND t.created_at < $2 AND t.department_code = ANY($3) AND ${caseScope}
  ), late AS (
    SELECT DISTINCT d.task_id FROM deadline d WHERE d.breached_at IS NOT NULL AND d.task_id IN (SELECT t.id FROM t)
  ), returned AS (
    SELECT DISTINCT e.task_id FROM case_event e
    WHERE e.type = 'task.returned' AND e.actor_role = 'liaison' AND e.task_id IN (SELECT t.id FROM t)
  ), received AS (
    SELECT t.department_code,
           count(*)::int AS received,
           count(*) FILTER (WHERE t.done_at IS NOT NULL)::int AS closed,
           count(*) FILTER (WHERE t.done_at IS NOT NULL AND l.task_id IS NULL)::int AS on_time,
           count(*) FILTER (WHERE t.done_at IS NOT NULL AND t.rework_count > 0)::int AS reworked,
           count(r.task_id)::int AS returned,
           avg(EXTRACT(EPOCH FROM (t.done_at - t.created_at)) / 60) FILTER (WHERE t.done_at IS NOT NULL) AS avg_minutes
    FROM t LEFT JOIN late l ON l.task_id = t.id LEFT JOIN returned r ON r.task_id = t.id
    GROUP BY t.department_code
  ), r AS (
    SELECT t.department_code, rt.id, rt.satisfaction FROM t JOIN rating rt ON rt.case_id = t.case_id
    UNION
    SELECT t.department_code, rt.id, rt.satisfaction
    FROM t JOIN grid_case own ON own.duplicate_of = t.case_id JOIN rating rt ON rt.case_id = own.id
  ), rated AS (
    SELECT r.department_code, count(*) FILTER (WHERE r.satisfaction <> 'unsatisfied')::int AS satisfied, count(*)::int AS rated
    FROM r GROUP BY r.department_code
  )
  SELECT d.code, d.name,
         coalesce(x.received, 0) AS received, coalesce(x.closed, 0) AS closed, coalesce(x.on_time, 0) AS on_time,
         coalesce(x.reworked, 0) AS reworked, coalesce(x.returned, 0) AS returned,
         coalesce(y.satisfied, 0) AS satisfied, coalesce(y.rated, 0) AS rated, x.avg_minutes
  FROM department d LEFT JOIN received x ON x.department_code = d.code LEFT JOIN rated y ON y.department_code = d.code
  WHERE d.code = ANY($3)
  ORDER BY d.code`;

/**
 * The streets or areas $3 (text[]): their cases reported in [$1, $2), and the ratings their cases were
 * given then. A unit's cases are all inside a caller's scope when the unit is, so $3 is the whole filter.
 */
export const REGION_RANKING_SQL = (level: 'street' | 'area') => `
  WITH c AS (
    SELECT c.id, c.${level}_code AS code, c.status, c.rework_count, c.created_at, c.closed_at
    FROM grid_case c
    WHERE c.created_at >= $1 AND c.created_at < $2 AND c.status <> 'merged' AND c.${level}_code = ANY($3)
  ), late AS (
    SELECT DISTINCT d.case_id FROM deadline d WHERE d.breached_at IS NOT NULL AND d.case_id IN (SELECT c.id FROM c)
  ), returned AS (
    SELECT DISTINCT e.case_id FROM case_event e
    WHERE e.type = 'task.returned' AND e.actor_role = 'liaison' AND e.case_id IN (SELECT c.id FROM c)
  ), received AS (
    SELECT c.code,
           count(*)::int AS received,
           count(*) FILTER (WHERE c.status = 'closed')::int AS closed,
           count(*) FILTER (WHERE c.status = 'closed' AND l.case_id IS NULL)::int AS on_time,
           count(*) FILTER (WHERE c.status = 'closed' AND c.rework_count > 0)::int AS reworked,
           count(r.case_id)::int AS returned,
           avg(EXTRACT(EPOCH FROM (c.closed_at - c.created_at)) / 60) FILTER (WHERE c.status = 'closed') AS avg_minutes
    FROM c LEFT JOIN late l ON l.case_id = c.id LEFT JOIN returned r ON r.case_id = c.id
    GROUP BY c.code
  ), rated AS (
    SELECT (SELECT own.${level}_code FROM grid_case own WHERE own.id = rt.case_id) AS code,
           count(*) FILTER (WHERE rt.satisfaction <> 'unsatisfied')::int AS satisfied, count(*)::int AS rated
    FROM rating rt
    WHERE rt.at >= $1 AND rt.at < $2
    GROUP BY 1
  )
  SELECT g.code, g.name,
         coalesce(x.received, 0) AS received, coalesce(x.closed, 0) AS closed, coalesce(x.on_time, 0) AS on_time,
         coalesce(x.reworked, 0) AS reworked, coalesce(x.returned, 0) AS returned,
         coalesce(y.satisfied, 0) AS satisfied, coalesce(y.rated, 0) AS rated, x.avg_minutes
  FROM region g LEFT JOIN received x ON x.code = g.code LEFT JOIN rated y ON y.code = g.code
  WHERE g.code = ANY($3)
  ORDER BY g.code`;

export interface RankingRow {
  code: string;
  name: string;
  received: number;
  closed: number;
  on_time: number;
  reworked: number;
  returned: number;
  satisfied: number;
  rated: number;
  avg_minutes: string | null;
}
