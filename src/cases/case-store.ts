import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { notFound } from '../common/domain-error';
import type { Tx } from '../database/unit-of-work';
import { CaseUpdatedEvent, TaskUpdatedEvent, type Audience } from '../events/domain-events';
import { DeadlinePlanner, SET_SLA_VIEW, SLA_VIEW_SQL } from '../sla/deadline-planner';
import type { Acting } from './acting';
import { Case } from './case.entity';
import { LIVE_AUDIENCE, projectCase } from './case-projection';
import { caseView, taskView, type CaseView } from './case-view';
import type { CaseState, TaskRef, Transition } from './domain/case-machine';
import { Task } from './task.entity';

export interface Loaded {
  row: Case;
  tasks: Task[];
}

export interface CommitOptions {
  acting: Acting;
  now: Date;
  /** The person's note: on the case's timeline entry, and as feedback when it resolves. */
  note?: string | null;
  /** Task-level detail for the task the command is about (completion note, photos). */
  taskDetail?: { id: string; note?: string | null; photos?: string[] };
  data?: Record<string, unknown>;
  /** The command was about a task: its entry comes before the case's consequence on the timeline. */
  taskFirst?: boolean;
}

export interface TimelineEntry {
  type: string;
  note?: string | null;
  taskId?: string | null;
  departmentCode?: string | null;
  data?: Record<string, unknown> | null;
}

export const audienceOf = (c: Case, tasks: Task[]): Audience => ({
  regionCodes: [c.gridCode, c.neighbourhoodCode, c.areaCode, c.streetCode, c.districtCode],
  departmentCodes: [...new Set(tasks.map((t) => t.departmentCode))],
});

/** A task's events reach the case's regions and that task's department only. */
export const taskAudience = (a: Audience, departmentCode: string): Audience => ({ ...a, departmentCodes: [departmentCode] });

export function stateOf({ row, tasks }: Loaded): CaseState {
  return {
    status: row.status,
    rung: row.rung,
    holderRegionCode: row.holderRegionCode,
    regions: { grid: row.gridCode, neighbourhood: row.neighbourhoodCode, area: row.areaCode, street: row.streetCode },
    reworkCount: row.reworkCount,
    escalationCount: row.escalationCount,
    reopened: row.reopened,
    tasks: tasks.map((t) => ({ id: t.id, departmentCode: t.departmentCode, role: t.role, status: t.status, recalled: t.recalled })),
  };
}

/**
 * Loads cases under lock and writes transitions back — cases, tasks, deadlines, timeline, events —
 * for one case (a person's command) or thousands (the sweeper) in the same few statements.
 */
@Injectable()
export class CaseStore {
  constructor(
    private readonly planner: DeadlinePlanner,
    private readonly catalog: CatalogService,
  ) {}

  /** The case and its tasks, the case row locked until the transaction ends: changes to one case queue. */
  async lock(em: EntityManager, id: string): Promise<Loaded> {
    const row = await em.getRepository(Case).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw notFound('Case');
    const tasks = await em.getRepository(Task).find({ where: { caseId: id }, order: { createdAt: 'ASC' } });
    return { row, tasks };
  }

  async load(em: EntityManager, id: string): Promise<Loaded> {
    const [loaded] = await this.loadMany(em, [id]);
    if (!loaded) throw notFound('Case');
    return loaded;
  }

  /** Cases with their tasks (oldest first), in the order of `ids`; unknown ids are left out. */
  async loadMany(em: EntityManager, ids: string[]): Promise<Loaded[]> {
    if (ids.length === 0) return [];
    const [rows, tasks] = await Promise.all([
      em.getRepository(Case).findBy({ id: In(ids) }),
      em.getRepository(Task).find({ where: { caseId: In(ids) }, order: { createdAt: 'ASC' } }),
    ]);
    const byId = new Map(rows.map((r) => [r.id, { row: r, tasks: [] as Task[] }]));
    for (const t of tasks) byId.get(t.caseId)?.tasks.push(t);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async commit(tx: Tx, before: Loaded, transition: Transition, opts: CommitOptions): Promise<CaseView> {
    const [view] = await this.commitMany(tx, [{ before, transition, opts }]);
    return view;
  }

  /** Writes transitions of distinct cases, raises their events, and returns the cases as they are now. */
  async commitMany(tx: Tx, items: { before: Loaded; transition: Transition; opts: CommitOptions }[]): Promise<CaseView[]> {
    const { em } = tx;
    const calendar = await this.catalog.calendar();
    const createdIds = items.map((i) => i.transition.created.map(() => randomUUID()));
    await this.insertTasks(
      em,
      items.flatMap(({ before, transition, opts }, n) =>
        transition.created.map((a, i) => ({ id: createdIds[n][i], caseId: before.row.id, ...a, createdAt: new Date(opts.now.getTime() + i) })),
      ),
    );
    await this.updateTasks(em, items.flatMap((i) => changedTasks(i.before, i.transition, i.opts)));
    const plans = [];
    for (const [n, { before, transition, opts }] of items.entries()) {
      const category = await this.catalog.category(before.row.categoryCode);
      plans.push({ ops: transition.clocks, ctx: { caseId: before.row.id, category, calendar, now: opts.now, createdTaskIds: createdIds[n] } });
    }
    // Clocks first, so that one update of each case writes both its new state and its SLA view.
    await this.planner.applyMany(em, plans, { refreshSla: false });
    await this.updateCases(em, items.map((i) => nextCase(i.before.row, i.transition, i.opts)));

    const after = await this.loadMany(em, items.map((i) => i.before.row.id));
    const timeline: (TimelineEntry & { c: Case; acting: Acting; at: Date })[] = [];
    const views: CaseView[] = [];
    for (const [n, { transition: t, opts }] of items.entries()) {
      const { row, tasks } = after[n];
      const taskOf = (ref: TaskRef) => tasks.find((x) => x.id === ('id' in ref ? ref.id : createdIds[n][ref.created]))!;
      const caseEntries: TimelineEntry[] = t.change ? [{ type: t.change, note: opts.note ?? null, data: opts.data ?? null }] : [];
      const taskEntries = t.taskChanges.map(({ task: ref, change }): TimelineEntry => {
        const task = taskOf(ref);
        const own = opts.taskDetail?.id === task.id;
        return { type: `task.${change}`, taskId: task.id, departmentCode: task.departmentCode, note: own ? (opts.note ?? null) : null };
      });
      for (const e of opts.taskFirst ? [...taskEntries, ...caseEntries] : [...caseEntries, ...taskEntries]) {
        timeline.push({ ...e, c: row, acting: opts.acting, at: opts.now });
      }
      const view = caseView(row, tasks);
      const audience = audienceOf(row, tasks);
      for (const { task: ref, change } of t.taskChanges) {
        const task = taskOf(ref);
        tx.publish(new TaskUpdatedEvent({ task: taskView(task), caseId: row.id, change }, taskAudience(audience, task.departmentCode)));
      }
      if (t.change) tx.publish(new CaseUpdatedEvent({ case: projectCase(view, LIVE_AUDIENCE), change: t.change }, audience));
      views.push(view);
    }
    await this.insertTimeline(em, timeline);
    return views;
  }

  async appendTimeline(em: EntityManager, c: Case, acting: Acting, at: Date, entries: TimelineEntry[]): Promise<void> {
    await this.insertTimeline(em, entries.map((e) => ({ ...e, c, acting, at })));
  }

  /** Timeline rows of any cases in one statement; each records the case's rung and holder as they are. */
  async insertTimeline(em: EntityManager, entries: (TimelineEntry & { c: Case; acting: Acting; at: Date })[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ c, acting, at, ...e }) => ({
      caseId: c.id,
      at,
      type: e.type,
      actorId: acting.id,
      actor: acting.name,
      actorRole: acting.role,
      rung: c.rung,
      holderRegionCode: c.holderRegionCode,
      taskId: e.taskId ?? null,
      departmentCode: e.departmentCode ?? null,
      note: e.note ?? null,
      data: e.data ?? null,
    }));
    await em.query(
      `INSERT INTO case_event (case_id, at, type, actor_id, actor, actor_role, rung, holder_region_code, task_id, department_code, note, data)
       SELECT "caseId", at, type, "actorId", actor, "actorRole", rung, "holderRegionCode", "taskId", "departmentCode", note, data
       FROM jsonb_to_recordset($1::jsonb) AS x("caseId" uuid, at timestamptz, type text, "actorId" uuid, actor text, "actorRole" text,
            rung text, "holderRegionCode" text, "taskId" uuid, "departmentCode" text, note text, data jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  /** Tasks a transition of a new case created (intake); their ids, in order. */
  async createTasks(em: EntityManager, caseId: string, t: Transition, now: Date): Promise<string[]> {
    const rows = t.created.map((a, i) => ({ id: randomUUID(), caseId, ...a, createdAt: new Date(now.getTime() + i) }));
    await this.insertTasks(em, rows);
    return rows.map((r) => r.id);
  }

  private async insertTasks(em: EntityManager, rows: { id: string; caseId: string; departmentCode: string; role: string; createdAt: Date }[]) {
    if (rows.length === 0) return;
    // Distinct creation times keep lead-first order stable when tasks are listed by age.
    await em.query(
      `INSERT INTO task (id, case_id, department_code, role, status, created_at, updated_at)
       SELECT id, "caseId", "departmentCode", role, 'pending', "createdAt", "createdAt"
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "caseId" uuid, "departmentCode" text, role text, "createdAt" timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  private async updateTasks(em: EntityManager, rows: TaskPatch[]) {
    if (rows.length === 0) return;
    await em.query(
      `UPDATE task t SET status = x.status, recalled = x.recalled, claimed_by = x."claimedBy", claimed_at = x."claimedAt",
              done_at = x."doneAt", returned_at = x."returnedAt", note = x.note, photos = x.photos, updated_at = x."updatedAt"
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, recalled boolean, "claimedBy" uuid, "claimedAt" timestamptz,
            "doneAt" timestamptz, "returnedAt" timestamptz, note text, photos uuid[], "updatedAt" timestamptz)
       WHERE t.id = x.id`,
      [JSON.stringify(rows)],
    );
  }

  /** The cases' new state and, from their deadlines as they now are, their SLA view: one update per row. */
  private async updateCases(em: EntityManager, rows: CasePatch[]) {
    await em.query(
      `UPDATE grid_case c SET status = x.status, rung = x.rung, holder_region_code = x."holderRegionCode",
              rework_count = x."reworkCount", escalation_count = x."escalationCount", reopened = x.reopened,
              closure_count = x."closureCount", feedback = x.feedback, resolved_at = x."resolvedAt", closed_at = x."closedAt",
              updated_at = x."updatedAt", ${SET_SLA_VIEW}
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, rung text, "holderRegionCode" text, "reworkCount" int,
            "escalationCount" int, reopened boolean, "closureCount" int, feedback text, "resolvedAt" timestamptz,
            "closedAt" timestamptz, "updatedAt" timestamptz)
       JOIN (${SLA_VIEW_SQL('$2')}) s ON s.id = x.id
       WHERE c.id = x.id`,
      [JSON.stringify(rows), rows.map((r) => r.id)],
    );
  }
}

type TaskPatch = Pick<Task, 'id' | 'status' | 'recalled' | 'claimedBy' | 'claimedAt' | 'doneAt' | 'returnedAt' | 'note' | 'photos' | 'updatedAt'>;
type CasePatch = Pick<
  Case,
  'id' | 'status' | 'rung' | 'holderRegionCode' | 'reworkCount' | 'escalationCount' | 'reopened' | 'closureCount' | 'feedback' | 'resolvedAt' | 'closedAt' | 'updatedAt'
>;

/** The tasks whose status or recall the transition changed, as their rows will be. */
function changedTasks(before: Loaded, t: Transition, opts: CommitOptions): TaskPatch[] {
  return t.state.tasks.flatMap((next) => {
    const prev = before.tasks.find((x) => x.id === next.id);
    if (!prev || (prev.status === next.status && prev.recalled === next.recalled)) return [];
    const { id, claimedBy, claimedAt, doneAt, returnedAt, note, photos } = prev;
    const row: TaskPatch = { id, claimedBy, claimedAt, doneAt, returnedAt, note, photos, status: next.status, recalled: next.recalled, updatedAt: opts.now };
    if (next.status === 'claimed' && prev.status === 'pending') Object.assign(row, { claimedBy: opts.acting.id, claimedAt: opts.now });
    if (next.status === 'done') row.doneAt = opts.now;
    if (next.status === 'claimed' && prev.status === 'done') row.doneAt = null; // rework
    if (next.status === 'returned') row.returnedAt = opts.now;
    const detail = opts.taskDetail?.id === next.id ? opts.taskDetail : undefined;
    if (detail?.note !== undefined) row.note = detail.note;
    if (detail?.photos?.length) row.photos = detail.photos;
    return [row];
  });
}

/** The case row as the transition leaves it. */
function nextCase(row: Case, t: Transition, opts: CommitOptions): CasePatch {
  const s = t.state;
  const { id, closureCount, feedback, resolvedAt, closedAt } = row;
  const next: CasePatch = {
    id,
    closureCount,
    feedback,
    resolvedAt,
    closedAt,
    status: s.status,
    rung: s.rung,
    holderRegionCode: s.holderRegionCode,
    reworkCount: s.reworkCount,
    escalationCount: s.escalationCount,
    reopened: s.reopened,
    updatedAt: opts.now,
  };
  if (s.status === 'resolved' && row.status !== 'resolved') Object.assign(next, { resolvedAt: opts.now, feedback: opts.note || row.feedback });
  if ((s.status === 'closed' || s.status === 'cancelled') && row.status !== s.status) next.closedAt = opts.now;
  if (s.status === 'closed' && row.status !== 'closed') next.closureCount = row.closureCount + 1;
  if (s.status === 'in_progress' && (row.status === 'closed' || row.status === 'resolved')) next.closedAt = null;
  return next;
}
