import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Counts } from './indicators';

/**
 * The evaluation's indicators (考核指标) as SQL: the one definition behind rankings, indicators,
 * scorecards and their exports. The bench runs the same text by hand as its baseline.
 *
 * Counted over the units' work received in [$1, $2) — cases (a department: its tasks) — are: closed;
 * closed on time (no clock of it breached); reworked (closed after a rework); returned (a liaison sent a
 * task back); extended (an extension granted); urgent ones apart. Ratings and call-backs (one per
 * closure) count when given in the period, as supervisions (cases supervised) do.
 */

/** One unit's counts, as the SQL names them (camelCase aliases): `handleMinutes` sums the closed work's minutes. */
export type IndicatorRow = Counts & { code: string };

/** The ratings `k` (id, satisfaction) of a unit; an id twice over (two tasks of one department) counts once. */
const RATED = `count(DISTINCT k.id)::int AS rated,
           count(DISTINCT k.id) FILTER (WHERE k.satisfaction = 'satisfied')::int AS satisfied,
           count(DISTINCT k.id) FILTER (WHERE k.satisfaction = 'basic')::int AS basic,
           count(DISTINCT k.id) FILTER (WHERE k.satisfaction = 'unsatisfied')::int AS unsatisfied`;

/** The counts of the units that received work, ratings or supervision; the others are all zero. */
const SELECT_UNITS = `
  SELECT u.code,
         coalesce(x.received, 0) AS received, coalesce(x.closed, 0) AS closed, coalesce(x.closed_on_time, 0) AS "closedOnTime",
         coalesce(x.reworked, 0) AS reworked, coalesce(x.returned, 0) AS returned, coalesce(x.extended, 0) AS extended,
         coalesce(s.supervised, 0) AS supervised,
         coalesce(y.rated, 0) AS rated, coalesce(y.satisfied, 0) AS satisfied, coalesce(y.basic, 0) AS basic, coalesce(y.unsatisfied, 0) AS unsatisfied,
         coalesce(x.urgent_received, 0) AS "urgentReceived", coalesce(x.urgent_closed, 0) AS "urgentClosed",
         coalesce(x.urgent_closed_on_time, 0) AS "urgentClosedOnTime", coalesce(x.handle_minutes, 0)::float8 AS "handleMinutes"
  FROM (SELECT code FROM received UNION SELECT code FROM rated UNION SELECT code FROM supervised) u
  LEFT JOIN received x ON x.code = u.code LEFT JOIN rated y ON y.code = u.code LEFT JOIN supervised s ON s.code = u.code
  ORDER BY u.code`;

/** Closed, on time, reworked … of the work rows `w` (columns: done, late, reworked, returned, extended, urgent, minutes). */
const RECEIVED = `
           count(*)::int AS received,
           count(*) FILTER (WHERE w.done)::int AS closed,
           count(*) FILTER (WHERE w.done AND NOT w.late)::int AS closed_on_time,
           count(*) FILTER (WHERE w.done AND w.reworked)::int AS reworked,
           count(*) FILTER (WHERE w.returned)::int AS returned,
           count(*) FILTER (WHERE w.extended)::int AS extended,
           count(*) FILTER (WHERE w.urgent)::int AS urgent_received,
           count(*) FILTER (WHERE w.urgent AND w.done)::int AS urgent_closed,
           count(*) FILTER (WHERE w.urgent AND w.done AND NOT w.late)::int AS urgent_closed_on_time,
           sum(w.minutes) FILTER (WHERE w.done) AS handle_minutes`;

/**
 * The departments $3 (text[]), on the grids $4 (text[]) when `inGrids` (a region's caller sees its grids'
 * cases). A task's facts are on its row (TaskFacts), so the work received is one scan of the task table.
 * A task counts for ratings and supervision while it is its department's own (not recalled nor sent
 * back); a merged duplicate's rating counts for its master's departments.
 */
export const DEPARTMENT_INDICATORS_SQL = (inGrids: boolean) => {
  const scope = (alias: string) => (inGrids ? `${alias}.grid_code = ANY($4)` : 'TRUE');
  const own = (alias: string) => `${alias}.department_code = ANY($3) AND NOT ${alias}.recalled AND ${alias}.status <> 'returned' AND ${scope(alias)}`;
  return `
  WITH w AS (
    SELECT t.department_code AS code, t.done_at IS NOT NULL AS done, t.late, t.reworked, t.sent_back AS returned, t.extended, t.urgent,
           EXTRACT(EPOCH FROM (t.done_at - t.created_at)) / 60 AS minutes
    FROM task t
    WHERE t.created_at >= $1 AND t.created_at < $2 AND t.department_code = ANY($3) AND ${scope('t')}
  ), received AS (
    SELECT w.code, ${RECEIVED} FROM w GROUP BY w.code
  ), rated AS (
    SELECT k.code, ${RATED}
    FROM (SELECT rt.id, rt.satisfaction, tk.department_code AS code
          FROM rating rt JOIN task tk ON tk.case_id = rt.case_id
          WHERE rt.at >= $1 AND rt.at < $2 AND ${own('tk')}
          UNION ALL
          SELECT rt.id, rt.satisfaction, tk.department_code
          FROM grid_case dup JOIN rating rt ON rt.case_id = dup.id JOIN task tk ON tk.case_id = dup.duplicate_of
          WHERE dup.duplicate_of IS NOT NULL AND rt.at >= $1 AND rt.at < $2 AND ${own('tk')}) k
    GROUP BY k.code
  ), supervised AS (
    SELECT tk.department_code AS code, count(DISTINCT e.case_id)::int AS supervised
    FROM case_event e JOIN task tk ON tk.case_id = e.case_id
    WHERE e.type = 'supervised' AND e.at >= $1 AND e.at < $2 AND ${own('tk')}
    GROUP BY tk.department_code
  )${SELECT_UNITS}`;
};

/**
 * The grids $3 (text[]): their cases reported in [$1, $2) (merged duplicates are not work of their
 * own), the ratings their cases were given and the cases supervised then. Every larger region is a sum
 * of grids, so one statement serves every level.
 */
export const GRID_INDICATORS_SQL = `
  WITH c AS (
    SELECT c.id, c.grid_code, c.status, c.rework_count, c.priority, c.created_at, c.closed_at
    FROM grid_case c
    WHERE c.created_at >= $1 AND c.created_at < $2 AND c.status <> 'merged' AND c.grid_code = ANY($3)
  ), late AS (
    SELECT DISTINCT d.case_id FROM deadline d WHERE d.breached_at IS NOT NULL AND d.case_id IN (SELECT c.id FROM c)
  ), returned AS (
    SELECT DISTINCT e.case_id FROM case_event e
    WHERE e.type = 'task.returned' AND e.actor_role = 'liaison' AND e.case_id IN (SELECT c.id FROM c)
  ), extended AS (
    SELECT DISTINCT x.case_id FROM extension x WHERE x.status = 'approved' AND x.case_id IN (SELECT c.id FROM c)
  ), w AS (
    SELECT c.grid_code AS code, c.status = 'closed' AS done, l.case_id IS NOT NULL AS late, c.rework_count > 0 AS reworked,
           r.case_id IS NOT NULL AS returned, x.case_id IS NOT NULL AS extended, c.priority = 'urgent' AS urgent,
           EXTRACT(EPOCH FROM (c.closed_at - c.created_at)) / 60 AS minutes
    FROM c LEFT JOIN late l ON l.case_id = c.id LEFT JOIN returned r ON r.case_id = c.id LEFT JOIN extended x ON x.case_id = c.id
  ), received AS (
    SELECT w.code, ${RECEIVED} FROM w GROUP BY w.code
  ), rated AS (
    SELECT k.code, ${RATED}
    FROM (SELECT own.grid_code AS code, rt.id, rt.satisfaction FROM rating rt JOIN grid_case own ON own.id = rt.case_id
          WHERE rt.at >= $1 AND rt.at < $2 AND own.grid_code = ANY($3)) k
    GROUP BY k.code
  ), supervised AS (
    SELECT c.grid_code AS code, count(DISTINCT e.case_id)::int AS supervised
    FROM case_event e JOIN grid_case c ON c.id = e.case_id
    WHERE e.type = 'supervised' AND e.at >= $1 AND e.at < $2 AND c.grid_code = ANY($3)
    GROUP BY c.grid_code
  )${SELECT_UNITS}`;

@Injectable()
export class IndicatorRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The departments' counts over their tasks; on the cases of `grids` only, unless null. */
  departments(codes: string[], from: Date, to: Date, grids: string[] | null): Promise<IndicatorRow[]> {
    if (grids === null) return this.db.query(DEPARTMENT_INDICATORS_SQL(false), [from, to, codes]);
    return this.db.query(DEPARTMENT_INDICATORS_SQL(true), [from, to, codes, grids]);
  }

  grids(codes: string[], from: Date, to: Date): Promise<IndicatorRow[]> {
    return this.db.query(GRID_INDICATORS_SQL, [from, to, codes]);
  }
}
