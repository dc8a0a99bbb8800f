import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category } from '../catalog/category.entity';
import type { ClockOp, DueDeadline, TaskRef } from '../cases/domain/case-machine';
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

/** A task's due times as its new deadlines set them (written by the task's repository). */
export interface TaskDue {
  taskId: string;
  claimDueAt?: Date;
  handleDueAt?: Date;
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
 * The deadline table's repository: turns the clock operations of transitions into deadline rows, in
 * the transaction of the change, and hands the sweeper the rows that have come. Any number of cases
 * in a handful of statements, so that the sweeper can move thousands at once.
 */
@Injectable()
export class DeadlineRepository {
  /** Applies the clock operations; answers the due times of tasks whose clocks started or moved. */
  async applyMany(em: EntityManager, plans: { ops: ClockOp[]; ctx: PlanContext }[]): Promise<TaskDue[]> {
    const stops: ClockKey[] = [];
    const starts: NewDeadline[] = [];
    const marks: { id: string; op: 'warned' | 'breached' }[] = [];
    const extensions: { taskId: string; by: string; clock: Clock; warnRatio: number }[] = [];
    for (const { ops, ctx } of plans) {
      const clock = clockFor(ctx.category.sla.calendar, ctx.calendar);
      const taskId = (ref: TaskRef) => ('id' in ref ? ref.id : ctx.createdTaskIds[ref.created]);
      for (const op of ops) {
        if ('deadlineId' in op) {
          marks.push({ id: op.deadlineId, op: op.op });
          continue;
        }
        if ('by' in op) {
          extensions.push({ taskId: taskId(op.task), by: op.by, clock, warnRatio: ctx.category.sla.warnRatio });
          continue;
        }
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
    if (plans.length === 0) return [];
    const now = plans[0].ctx.now;
    // Marks first: a breach that climbs the case then stops the same row with the rung's clock.
    await this.mark(em, marks, now);
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
    }
    const due = new Map<string, TaskDue>();
    const dueOf = (taskId: string) => due.get(taskId) ?? due.set(taskId, { taskId }).get(taskId)!;
    for (const s of starts.filter((x) => x.taskId !== null)) {
      dueOf(s.taskId!)[s.stage === 'claim' ? 'claimDueAt' : 'handleDueAt'] = s.dueAt;
    }
    for (const e of extensions) {
      const dueAt = await this.extend(em, e.taskId, e.by, e.clock, e.warnRatio, now);
      if (dueAt) dueOf(e.taskId).handleDueAt = dueAt;
    }
    return [...due.values()];
  }

  private async mark(em: EntityManager, marks: { id: string; op: 'warned' | 'breached' }[], now: Date): Promise<void> {
    const ids = (op: string) => marks.filter((m) => m.op === op).map((m) => m.id);
    if (ids('warned').length) await em.query(`UPDATE deadline SET state = 'warned', next_at = due_at WHERE id = ANY($1)`, [ids('warned')]);
    if (ids('breached').length) {
      await em.query(`UPDATE deadline SET state = 'breached', breached_at = $2, next_at = NULL WHERE id = ANY($1)`, [ids('breached'), now]);
    }
  }

  /**
   * An approved extension (延期): the task's running handling deadline moves by `iso` on the
   * category's clock. A deadline already breached runs again until its new due time.
   */
  private async extend(em: EntityManager, taskId: string, iso: string, clock: Clock, warnRatio: number, now: Date): Promise<Date | null> {
    const [d]: { id: string; started_at: Date; due_at: Date }[] = await em.query(
      `SELECT id, started_at, due_at FROM deadline
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
    await em.query(`UPDATE deadline SET due_at = $2, warn_at = $3, state = $4, next_at = $5, breached_at = NULL WHERE id = $1`, [
      d.id,
      dueAt,
      warnAt,
      state,
      nextAt,
    ]);
    return dueAt;
  }

  /**
   * Deadlines that have come, with their case, locked `FOR UPDATE SKIP LOCKED`: any number of
   * instances share the work and never wait on a user's lock. `id` takes that one row only.
   */
  async takeDue(em: EntityManager, limit: number, id?: string): Promise<(DueDeadline & { caseId: string })[]> {
    const rows: { id: string; case_id: string; task_id: string | null; stage: DueDeadline['stage']; rung: string | null; due_at: Date }[] =
      await em.query(
        `SELECT d.id, d.case_id, d.task_id, d.stage, d.rung, d.due_at
         FROM deadline d JOIN grid_case c ON c.id = d.case_id
         WHERE d.next_at <= now() ${id ? 'AND d.id = $2' : ''}
         ORDER BY d.next_at
         LIMIT $1
         FOR UPDATE OF d, c SKIP LOCKED`,
        id ? [limit, id] : [limit],
      );
    return rows.map((r) => ({ id: r.id, caseId: r.case_id, taskId: r.task_id, stage: r.stage, rung: r.rung, dueAt: r.due_at }));
  }

  /** A deadline whose processing failed comes back in a minute, so the others keep moving. */
  async postpone(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE deadline SET next_at = now() + interval '1 minute' WHERE id = $1`, [id]);
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
