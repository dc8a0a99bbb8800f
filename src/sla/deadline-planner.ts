import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category } from '../catalog/category.entity';
import type { ClockOp, TaskRef } from '../cases/domain/case-machine';
import { parseDuration } from './duration';
import { clockFor, type Clock, type WorkingCalendar } from './working-time';

export interface PlanContext {
  caseId: string;
  category: Category;
  calendar: WorkingCalendar;
  now: Date;
  /** Ids of the tasks the transition created, in order. */
  createdTaskIds: string[];
  /** The case was opened in this transaction: none of its clocks runs yet, so there is nothing to stop. */
  opened?: boolean;
}

interface ClockKey {
  caseId: string;
  stage: string;
  taskId: string | null;
}
interface NewDeadline extends ClockKey {
  rung: string | null;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date;
}

const sameClock = (a: ClockKey, b: ClockKey) => a.caseId === b.caseId && a.stage === b.stage && a.taskId === b.taskId;

/**
 * Turns the clock operations of transitions into deadline rows, in the transaction of the change,
 * then refreshes the cases' SLA view (state, stage, due times) from them. Any number of cases in a
 * handful of statements, so that the sweeper can move thousands at once.
 */
@Injectable()
export class DeadlinePlanner {
  async apply(em: EntityManager, ops: ClockOp[], ctx: PlanContext): Promise<void> {
    await this.applyMany(em, [{ ops, ctx }]);
  }

  /**
   * `refreshSla: false` leaves the cases' SLA view to the caller, who writes it in its own update of
   * the same rows (`SLA_VIEW_SQL`) rather than updating each case twice.
   */
  async applyMany(em: EntityManager, plans: { ops: ClockOp[]; ctx: PlanContext }[], { refreshSla = true } = {}): Promise<void> {
    const stops: ClockKey[] = [];
    const starts: NewDeadline[] = [];
    for (const { ops, ctx } of plans) {
      const clock = clockFor(ctx.category.sla.calendar, ctx.calendar);
      const taskId = (ref: TaskRef) => ('id' in ref ? ref.id : ctx.createdTaskIds[ref.created]);
      for (const op of ops) {
        const key = { caseId: ctx.caseId, stage: op.clock, taskId: 'task' in op ? taskId(op.task) : null };
        // Every op ends the clock's running row; a start then opens a new one from now.
        const pending = starts.findIndex((s) => sameClock(s, key));
        if (pending >= 0) starts.splice(pending, 1);
        if (!ctx.opened) stops.push(key);
        if (op.op === 'stop') continue;
        const policy = ctx.category.sla;
        const duration = op.clock === 'rung' ? policy.ladder[op.rung] : policy[op.clock];
        const { dueAt, warnAt } = schedule(clock, ctx.now, duration, policy.warnRatio);
        starts.push({ ...key, rung: op.clock === 'rung' ? op.rung : null, startedAt: ctx.now, warnAt, dueAt });
      }
    }
    if (stops.length === 0 && starts.length === 0) return;
    const now = plans[0].ctx.now;
    if (stops.length > 0) {
      // `case_id = ANY` keeps the planner on the active-deadline index whatever it guesses of the recordset.
      await em.query(
        `UPDATE deadline d SET state = 'stopped', next_at = NULL, stopped_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS s("caseId" uuid, stage text, "taskId" uuid)
         WHERE d.case_id = ANY($3::uuid[]) AND d.state <> 'stopped'
           AND d.case_id = s."caseId" AND d.stage = s.stage AND d.task_id IS NOT DISTINCT FROM s."taskId"`,
        [JSON.stringify(stops), now, [...new Set(stops.map((k) => k.caseId))]],
      );
    }
    if (starts.length > 0) {
      await em.query(
        `INSERT INTO deadline (case_id, task_id, stage, rung, started_at, warn_at, due_at, next_at)
         SELECT "caseId", "taskId", stage, rung, "startedAt", "warnAt", "dueAt", COALESCE("warnAt", "dueAt")
         FROM jsonb_to_recordset($1::jsonb) AS s("caseId" uuid, "taskId" uuid, stage text, rung text,
                                                  "startedAt" timestamptz, "warnAt" timestamptz, "dueAt" timestamptz)`,
        [JSON.stringify(starts)],
      );
      const taskDue = starts.filter((s) => s.taskId !== null);
      if (taskDue.length > 0) {
        await em.query(
          `UPDATE task t SET claim_due_at = COALESCE(s.claim, t.claim_due_at), handle_due_at = COALESCE(s.handle, t.handle_due_at)
           FROM (SELECT "taskId", max("dueAt") FILTER (WHERE stage = 'claim') AS claim, max("dueAt") FILTER (WHERE stage = 'handle') AS handle
                 FROM jsonb_to_recordset($1::jsonb) AS x("taskId" uuid, stage text, "dueAt" timestamptz) GROUP BY "taskId") s
           WHERE t.id = s."taskId"`,
          [JSON.stringify(taskDue)],
        );
      }
    }
    if (refreshSla) await refreshCaseSla(em, [...new Set(plans.map((p) => p.ctx.caseId))]);
  }
}

/** Due time, and the warning at `warnRatio` of the span (none at 0 or 1). */
export function schedule(clock: Clock, start: Date, iso: string, warnRatio: number): { dueAt: Date; warnAt: Date | null } {
  const duration = parseDuration(iso);
  if (!duration) throw new Error(`Invalid SLA duration ${iso}`);
  const span = clock.toMs(duration);
  const dueAt = clock.add(start, span);
  const warnAt = warnRatio > 0 && warnRatio < 1 ? clock.add(start, Math.round(span * warnRatio)) : null;
  return { dueAt, warnAt };
}

/**
 * The SLA view of the cases whose ids are in the uuid[] parameter `$n`, derived from their unstopped
 * deadlines: breached if any is, warning if any warned, and the stage and due time of the nearest.
 * One row per id (`id, state, stage, due_at, rung_due_at, verify_due_at`), null state when none runs.
 */
export const SLA_VIEW_SQL = (idsParam: string) => `
  SELECT ids.id,
         CASE WHEN bool_or(d.state = 'breached') THEN 'breached' WHEN bool_or(d.state = 'warned') THEN 'warning' END AS state,
         (array_agg(d.stage ORDER BY d.due_at) FILTER (WHERE d.id IS NOT NULL))[1] AS stage,
         min(d.due_at) AS due_at,
         min(d.due_at) FILTER (WHERE d.stage = 'rung') AS rung_due_at,
         min(d.due_at) FILTER (WHERE d.stage = 'verify') AS verify_due_at
  FROM unnest(${idsParam}::uuid[]) AS ids(id)
  LEFT JOIN deadline d ON d.case_id = ids.id AND d.state <> 'stopped'
  GROUP BY ids.id`;

/** The columns of grid_case `c` that hold the SLA view, set from `SLA_VIEW_SQL` rows `s`. */
export const SET_SLA_VIEW = `sla_state = COALESCE(s.state, 'ok'), sla_stage = s.stage, sla_due_at = s.due_at,
       rung_due_at = s.rung_due_at, verify_due_at = s.verify_due_at`;

/** Writes the cases' SLA view from their deadlines as they are now. */
export async function refreshCaseSla(em: EntityManager, caseIds: string | string[]): Promise<void> {
  await em.query(`UPDATE grid_case c SET ${SET_SLA_VIEW} FROM (${SLA_VIEW_SQL('$1')}) s WHERE c.id = s.id`, [
    Array.isArray(caseIds) ? caseIds : [caseIds],
  ]);
}

/**
 * An approved extension (延期): the task's running handling deadline moves by `iso` on the
 * category's clock. A deadline already breached runs again until its new due time.
 */
export async function extendHandling(
  em: EntityManager,
  taskId: string,
  iso: string,
  clock: Clock,
  warnRatio: number,
  now: Date,
): Promise<Date | null> {
  const [d]: { id: string; started_at: Date; due_at: Date; case_id: string }[] = await em.query(
    `SELECT id, started_at, due_at, case_id FROM deadline
     WHERE task_id = $1 AND stage = 'handle' AND state <> 'stopped' ORDER BY id DESC LIMIT 1 FOR UPDATE`,
    [taskId],
  );
  if (!d) return null;
  const duration = parseDuration(iso);
  if (!duration) throw new Error(`Invalid duration ${iso}`);
  const dueAt = clock.add(d.due_at, clock.toMs(duration));
  const span = clock.between(d.started_at, dueAt);
  const warnAt = warnRatio > 0 && warnRatio < 1 ? clock.add(d.started_at, Math.round(span * warnRatio)) : null;
  const state = warnAt && warnAt <= now ? 'warned' : 'running'; // a warning once given is not repeated
  const nextAt = state === 'running' && warnAt ? warnAt : dueAt;
  await em.query(
    `UPDATE deadline SET due_at = $2, warn_at = $3, state = $4, next_at = $5, breached_at = NULL WHERE id = $1`,
    [d.id, dueAt, warnAt, state, nextAt],
  );
  await em.query(`UPDATE task SET handle_due_at = $2 WHERE id = $1`, [taskId, dueAt]);
  await refreshCaseSla(em, d.case_id);
  return dueAt;
}
