import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { notFound } from '../common/domain-error';
import type { Tx } from '../database/unit-of-work';
import { planClocks, slaViewOfNew, taskDues, type NewDeadline, type PlanContext, type TaskDue } from '../sla/clock-plan';
import { DeadlineRepository } from '../sla/deadline.repository';
import type { Acting } from './acting';
import type { Case } from './case.entity';
import { eventsOf } from './case-events';
import { caseView, type CaseView } from './case-view';
import type { CaseState, TaskRef, Transition } from './domain/case-machine';
import { CaseRepository, type CasePatch } from './persistence/case.repository';
import { TaskRepository, type NewTask } from './persistence/task.repository';
import { TimelineRepository, type TimelineRow } from './persistence/timeline.repository';
import type { Task } from './task.entity';

export interface Loaded {
  row: Case;
  tasks: Task[];
}

/** One case's change to write: the case as it was, what the machine decided, who did it, when. */
export interface Commit {
  before: Loaded;
  transition: Transition;
  acting: Acting;
  now: Date;
  /** The case is new (intake): `before.row` is written whole, and it has no clock to stop. */
  opened?: boolean;
}

export function stateOf({ row, tasks }: Loaded): CaseState {
  return {
    status: row.status,
    rung: row.rung,
    holderRegionCode: row.holderRegionCode,
    regions: { grid: row.gridCode, neighbourhood: row.neighbourhoodCode, area: row.areaCode, street: row.streetCode },
    reworkCount: row.reworkCount,
    escalationCount: row.escalationCount,
    reopened: row.reopened,
    closureCount: row.closureCount,
    supervisionCount: row.supervisionCount,
    tasks: tasks.map((t) => ({ id: t.id, departmentCode: t.departmentCode, role: t.role, status: t.status, recalled: t.recalled })),
  };
}

/**
 * Loads cases under lock and writes what the machine decided — cases, tasks, deadlines, timeline —
 * then raises the events, for one case (a person's command) or thousands (the sweeper, a batch of
 * intakes) in the same few statements. It decides nothing: every value it writes comes from the
 * transition, and the rows after the change are built in memory from the rows it held, so nothing
 * is read back but the SLA view the database derives.
 */
@Injectable()
export class CaseStore {
  constructor(
    private readonly cases: CaseRepository,
    private readonly tasks: TaskRepository,
    private readonly timeline: TimelineRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly catalog: CatalogService,
  ) {}

  /** The case and its tasks, the case row locked until the transaction ends: changes to one case queue. */
  async lock(em: EntityManager, id: string): Promise<Loaded> {
    return only(await this.lockMany(em, [id]));
  }

  /** Cases with their tasks, the case rows locked (in id order); unknown ids are left out. */
  async lockMany(em: EntityManager, ids: string[]): Promise<Loaded[]> {
    if (ids.length === 0) return [];
    return this.withTasks(em, ids, await this.cases.lockMany(em, ids));
  }

  async load(em: EntityManager, id: string): Promise<Loaded> {
    return only(await this.loadMany(em, [id]));
  }

  /** Cases with their tasks (oldest first), in the order of `ids`; unknown ids are left out. */
  async loadMany(em: EntityManager, ids: string[]): Promise<Loaded[]> {
    if (ids.length === 0) return [];
    return this.withTasks(em, ids, await this.cases.byIds(em, ids));
  }

  /** Rows already read, with their tasks, in the order of `ids`. */
  async withTasks(em: EntityManager, ids: string[], rows: Case[]): Promise<Loaded[]> {
    if (rows.length === 0) return [];
    const tasks = await this.tasks.ofCases(
      em,
      rows.map((r) => r.id),
    );
    const byId = new Map(rows.map((r) => [r.id, { row: r, tasks: [] as Task[] }]));
    for (const t of tasks) byId.get(t.caseId)?.tasks.push(t);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Writes changes of distinct cases, raises their events, and returns the cases as they are now. */
  async commitMany(tx: Tx, items: Commit[]): Promise<CaseView[]> {
    const { em } = tx;
    if (items.length === 0) return [];
    const calendar = await this.catalog.calendar();
    const createdIds = items.map((i) => i.transition.created.map(() => randomUUID()));
    const ref = (n: number) => (r: TaskRef) => ('id' in r ? r.id : createdIds[n][r.created]);

    // Clocks are planned in memory first: new due times are known before anything is written.
    const plans: { ops: Transition['clocks']; ctx: PlanContext }[] = [];
    for (const [n, { before, transition, now, opened }] of items.entries()) {
      if (transition.clocks.length === 0) continue;
      const category = await this.catalog.category(before.row.categoryCode);
      plans.push({
        ops: transition.clocks,
        ctx: { caseId: before.row.id, category, calendar, now, createdTaskIds: createdIds[n], opened, priority: before.row.priority },
      });
    }
    const plan = planClocks(plans, items[0].now);
    const dues = taskDues(plan.starts);
    const changes = items.map((item, n) => tasksAfter(item, createdIds[n], dues));

    // Parents before children: new cases (with the SLA view of their new clocks), new tasks, deadlines.
    const rows = items.map(applied);
    const startsOf = new Map<string, NewDeadline[]>();
    for (const s of plan.starts) startsOf.set(s.caseId, [...(startsOf.get(s.caseId) ?? []), s]);
    const opened = new Map(
      items.flatMap((item, n) => {
        const id = item.before.row.id;
        return item.opened ? [[id, { ...rows[n], ...slaViewOfNew(startsOf.get(id) ?? []) }] as const] : [];
      }),
    );
    await this.cases.insert(em, [...opened.values()]);
    await this.tasks.insert(
      em,
      changes.flatMap((c) => c.created),
    );
    for (const moved of await this.deadlines.write(em, plan)) {
      for (const c of changes) c.moveDue(moved);
    }
    await this.tasks.update(
      em,
      changes.flatMap((c) => c.changed()),
    );
    const sla = await this.cases.update(
      em,
      items.flatMap((item, n) => (!item.opened && touches(item) ? [casePatch(rows[n])] : [])),
    );

    const timeline: TimelineRow[] = [];
    const views: CaseView[] = [];
    for (const [n, item] of items.entries()) {
      const { transition: t, acting, now } = item;
      const id = item.before.row.id;
      const view = sla.get(id);
      const row: Case = opened.get(id) ?? (view ? { ...rows[n], ...view } : item.before.row);
      const tasks = changes[n].all;
      const taskId = ref(n);
      for (const e of t.timeline) {
        const task = e.task ? tasks.find((x) => x.id === taskId(e.task!)) : undefined;
        const data = e.withHandleDue ? { ...e.data, handleDueAt: task?.handleDueAt ?? null } : (e.data ?? null);
        timeline.push({
          caseId: row.id,
          at: now,
          type: e.type,
          actorId: acting.id,
          actor: acting.name,
          actorRole: acting.role,
          rung: row.rung,
          holderRegionCode: row.holderRegionCode,
          taskId: task?.id ?? null,
          departmentCode: task?.departmentCode ?? null,
          note: e.note ?? null,
          data,
        });
      }
      for (const event of eventsOf(t.events, row, tasks, taskId)) tx.publish(event);
      views.push(caseView(row, tasks));
    }
    await this.timeline.append(em, timeline);
    return views;
  }
}

function only(loaded: Loaded[]): Loaded {
  if (!loaded[0]) throw notFound('Case');
  return loaded[0];
}

/**
 * A case's tasks as the transition leaves them: new ones (pending, with their clocks' due times),
 * and existing ones with their patch and new due times; `changed()` are the rows to write.
 */
function tasksAfter({ before, transition, now }: Commit, createdIds: string[], dues: Map<string, TaskDue>) {
  const due = (id: string) => {
    const d = dues.get(id);
    return { ...(d?.claimDueAt ? { claimDueAt: d.claimDueAt } : {}), ...(d?.handleDueAt ? { handleDueAt: d.handleDueAt } : {}) };
  };
  const created: NewTask[] = transition.created.map((a, i) => {
    // Distinct creation times keep lead-first order stable when tasks are listed by age.
    const at = new Date(now.getTime() + i);
    const id = createdIds[i];
    return {
      id,
      caseId: before.row.id,
      departmentCode: a.departmentCode,
      role: a.role,
      status: 'pending',
      recalled: false,
      claimDueAt: null,
      handleDueAt: null,
      claimedBy: null,
      claimedAt: null,
      doneAt: null,
      returnedAt: null,
      note: null,
      photos: [],
      gridCode: before.row.gridCode,
      urgent: before.row.priority === 'urgent',
      late: false,
      sentBack: false,
      extended: false,
      reworked: false,
      createdAt: at,
      updatedAt: at,
      ...due(id),
    };
  });
  const written = new Set<string>();
  const existing = before.tasks.map((prev) => {
    const patches = transition.tasks.filter((p) => 'id' in p.task && p.task.id === prev.id);
    const extra = due(prev.id);
    if (patches.length === 0 && Object.keys(extra).length === 0) return prev;
    written.add(prev.id);
    let task: Task = { ...prev, ...extra };
    for (const { task: _ref, ...patch } of patches) task = { ...task, ...patch };
    return task;
  });
  const all = [...existing, ...(created as Task[])];
  return {
    created,
    all,
    /** An approved extension moved a task's handling due time (known only once its deadline is written). */
    moveDue(moved: TaskDue) {
      const i = all.findIndex((t) => t.id === moved.taskId);
      if (i < 0 || i >= existing.length) return;
      all[i] = { ...all[i], handleDueAt: moved.handleDueAt ?? all[i].handleDueAt };
      written.add(moved.taskId);
    },
    changed: () => all.filter((t) => written.has(t.id)),
  };
}

/** Whether the change writes the case row: its state, record or clocks (and so its SLA view) moved. */
function touches({ before: { row }, transition: t }: Commit): boolean {
  const s = t.state;
  return (
    t.clocks.length > 0 ||
    Object.keys(t.record).length > 0 ||
    s.status !== row.status ||
    s.rung !== row.rung ||
    s.holderRegionCode !== row.holderRegionCode ||
    s.reworkCount !== row.reworkCount ||
    s.escalationCount !== row.escalationCount ||
    s.reopened !== row.reopened
  );
}

/** The case row as the transition leaves it. */
function applied({ before: { row }, transition: t }: Commit): Case {
  const s = t.state;
  return {
    ...row,
    status: s.status,
    rung: s.rung,
    holderRegionCode: s.holderRegionCode,
    reworkCount: s.reworkCount,
    escalationCount: s.escalationCount,
    reopened: s.reopened,
    ...t.record,
  };
}

/** The columns of the case row (as the transition leaves it) that a change writes. */
function casePatch(row: Case): CasePatch {
  const { id, status, rung, holderRegionCode, reworkCount, escalationCount, reopened, closureCount, feedback, resolvedAt, closedAt, updatedAt } = row;
  const { supervisedAt, supervisionDueAt, supervisionCount } = row;
  return {
    ...{ id, status, rung, holderRegionCode, reworkCount, escalationCount, reopened, closureCount, feedback, resolvedAt, closedAt, updatedAt },
    ...{ supervisedAt, supervisionDueAt, supervisionCount },
  };
}
