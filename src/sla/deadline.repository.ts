import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DueDeadline } from '../cases/domain/case-machine';
import { extended, type ClockPlan, type Extension, type TaskDue } from './clock-plan';

/**
 * The deadline table's repository: writes the rows a clock plan (clock-plan.ts) decided, in the
 * transaction of the change, and hands the sweeper the rows that have come. Any number of cases in
 * a handful of statements, so that the sweeper can move thousands at once.
 */
@Injectable()
export class DeadlineRepository {
  /** Writes the plan; answers the handling due times that approved extensions moved. */
  async write(em: EntityManager, plan: ClockPlan): Promise<TaskDue[]> {
    const { marks, stops, starts } = plan;
    // Marks first: a breach that climbs the case then stops the same row with the rung's clock.
    // One statement per moment: live, a batch has one; the sweeper's marks in the demo history's replay too.
    for (const [now, same] of byMoment(marks)) await this.mark(em, same, now);
    if (stops.length > 0) {
      // Each stop at its own change's moment. `case_id = ANY` keeps the planner on the active-deadline
      // index whatever it guesses of the recordset.
      await em.query(
        `UPDATE deadline d SET state = 'stopped', next_at = NULL, stopped_at = s.at
         FROM jsonb_to_recordset($1::jsonb) AS s("caseId" uuid, stage text, "taskId" uuid, at timestamptz)
         WHERE d.case_id = ANY($2::uuid[]) AND d.state <> 'stopped'
           AND d.case_id = s."caseId" AND d.stage = s.stage AND d.task_id IS NOT DISTINCT FROM s."taskId"`,
        [JSON.stringify(stops), [...new Set(stops.map((k) => k.caseId))]],
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
    const moved: TaskDue[] = [];
    for (const e of plan.extensions) {
      const handleDueAt = await this.extend(em, e, e.at);
      if (handleDueAt) moved.push({ taskId: e.taskId, handleDueAt });
    }
    return moved;
  }

  private async mark(em: EntityManager, marks: ClockPlan['marks'], now: Date): Promise<void> {
    const ids = (op: string) => marks.filter((m) => m.op === op).map((m) => m.id);
    if (ids('warned').length) await em.query(`UPDATE deadline SET state = 'warned', next_at = due_at WHERE id = ANY($1)`, [ids('warned')]);
    if (ids('breached').length) {
      await em.query(`UPDATE deadline SET state = 'breached', breached_at = $2, next_at = NULL WHERE id = ANY($1)`, [ids('breached'), now]);
    }
  }

  /**
   * An approved extension (延期): the task's running handling deadline moves by the extension on the
   * category's clock. A deadline already breached runs again until its new due time.
   */
  private async extend(em: EntityManager, e: Extension, now: Date): Promise<Date | null> {
    const [d]: { id: string; started_at: Date; due_at: Date }[] = await em.query(
      `SELECT id, started_at, due_at FROM deadline
       WHERE task_id = $1 AND stage = 'handle' AND state <> 'stopped' ORDER BY id DESC LIMIT 1 FOR UPDATE`,
      [e.taskId],
    );
    if (!d) return null;
    const { dueAt, warnAt, state, nextAt } = extended(e, { startedAt: d.started_at, dueAt: d.due_at }, now);
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
  async takeDue(em: EntityManager, limit: number, id?: string, at?: Date): Promise<(DueDeadline & { caseId: string })[]> {
    // `at`: what had come by a moment of the demo history's replay (src/history/); live, the database's now().
    const params: unknown[] = [limit];
    const byId = id ? ` AND d.id = $${params.push(id)}` : '';
    const due = at ? `$${params.push(at)}` : 'now()';
    const rows: { id: string; case_id: string; task_id: string | null; stage: DueDeadline['stage']; rung: string | null; due_at: Date }[] =
      await em.query(
        `SELECT d.id, d.case_id, d.task_id, d.stage, d.rung, d.due_at
         FROM deadline d JOIN grid_case c ON c.id = d.case_id
         WHERE d.next_at <= ${due}${byId}
         ORDER BY d.next_at
         LIMIT $1
         FOR UPDATE OF d, c SKIP LOCKED`,
        params,
      );
    return rows.map((r) => ({ id: r.id, caseId: r.case_id, taskId: r.task_id, stage: r.stage, rung: r.rung, dueAt: r.due_at }));
  }

  /**
   * When the next deadline comes (its warning or its due time) after `after`, a moment by which
   * everything due has been processed; null when none. The bound keeps the scan off the index entries
   * of deadlines already passed, which a long transaction cannot prune.
   */
  async nextDue(em: EntityManager, after: Date): Promise<Date | null> {
    const [row]: { at: Date | null }[] = await em.query(`SELECT min(next_at) AS at FROM deadline WHERE next_at > $1`, [after]);
    return row?.at ?? null;
  }

  /** A deadline whose processing failed comes back in a minute, so the others keep moving. */
  async postpone(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE deadline SET next_at = now() + interval '1 minute' WHERE id = $1`, [id]);
  }
}

/** Items grouped by their moment, in the order the moments first appear. */
function byMoment<T extends { at: Date }>(items: T[]): Map<Date, T[]> {
  const groups = new Map<number, { at: Date; items: T[] }>();
  for (const item of items) {
    const group = groups.get(item.at.getTime()) ?? groups.set(item.at.getTime(), { at: item.at, items: [] }).get(item.at.getTime())!;
    group.items.push(item);
  }
  return new Map([...groups.values()].map((g) => [g.at, g.items]));
}
