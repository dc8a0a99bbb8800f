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
}

/**
 * Turns the clock operations of a transition into deadline rows, in the transaction of the change,
 * then refreshes the case's SLA view (state, stage, due times) from them.
 */
@Injectable()
export class DeadlinePlanner {
  async apply(em: EntityManager, ops: ClockOp[], ctx: PlanContext): Promise<void> {
    if (ops.length === 0) return;
    const clock = clockFor(ctx.category.sla.calendar, ctx.calendar);
    const taskId = (ref: TaskRef) => ('id' in ref ? ref.id : ctx.createdTaskIds[ref.created]);
    for (const op of ops) {
      const task = 'task' in op ? taskId(op.task) : null;
      if (op.op === 'stop') {
        await this.stop(em, ctx, op.clock, task);
        continue;
      }
      await this.stop(em, ctx, op.clock, task); // a clock restarts from now
      const policy = ctx.category.sla;
      const duration = op.clock === 'rung' ? policy.ladder[op.rung] : policy[op.clock];
      const { dueAt, warnAt } = schedule(clock, ctx.now, duration, policy.warnRatio);
      await em.query(
        `INSERT INTO deadline (case_id, task_id, stage, rung, started_at, warn_at, due_at, next_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [ctx.caseId, task, op.clock, op.clock === 'rung' ? op.rung : null, ctx.now, warnAt, dueAt, warnAt ?? dueAt],
      );
      if (task) await em.query(`UPDATE task SET ${op.clock}_due_at = $2 WHERE id = $1`, [task, dueAt]);
    }
    await refreshCaseSla(em, ctx.caseId);
  }

  private async stop(em: EntityManager, ctx: PlanContext, stage: string, task: string | null): Promise<void> {
    await em.query(
      `UPDATE deadline SET state = 'stopped', next_at = NULL, stopped_at = $4
       WHERE case_id = $1 AND stage = $2 AND task_id IS NOT DISTINCT FROM $3 AND state <> 'stopped'`,
      [ctx.caseId, stage, task, ctx.now],
    );
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
 * The case's SLA view, derived from its unstopped deadlines: breached if any is, warning if any
 * warned, and the stage and due time of the nearest.
 */
export async function refreshCaseSla(em: EntityManager, caseId: string): Promise<void> {
  await em.query(
    `UPDATE grid_case c SET
       sla_state = COALESCE(s.state, 'ok'), sla_stage = s.stage, sla_due_at = s.due_at,
       rung_due_at = s.rung_due_at, verify_due_at = s.verify_due_at
     FROM (SELECT
             CASE WHEN bool_or(d.state = 'breached') THEN 'breached' WHEN bool_or(d.state = 'warned') THEN 'warning' END AS state,
             (array_agg(d.stage ORDER BY d.due_at))[1] AS stage,
             min(d.due_at) AS due_at,
             min(d.due_at) FILTER (WHERE d.stage = 'rung') AS rung_due_at,
             min(d.due_at) FILTER (WHERE d.stage = 'verify') AS verify_due_at
           FROM deadline d WHERE d.case_id = $1 AND d.state <> 'stopped') s
     WHERE c.id = $1`,
    [caseId],
  );
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
