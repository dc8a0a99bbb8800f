import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { notFound } from '../common/domain-error';
import type { Tx } from '../database/unit-of-work';
import { DeadlineRepository } from '../sla/deadline.repository';
import type { Acting } from './acting';
import { Case } from './case.entity';
import { eventsOf } from './case-events';
import { caseView, type CaseView } from './case-view';
import type { CaseState, TaskRef, Transition } from './domain/case-machine';
import { CaseRepository, type CasePatch } from './persistence/case.repository';
import { TaskRepository, type TaskRow } from './persistence/task.repository';
import { TimelineRepository, type TimelineRow } from './persistence/timeline.repository';
import { Task } from './task.entity';

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
  /** The case was inserted in this transaction (intake): it has no clock to stop. */
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
    tasks: tasks.map((t) => ({ id: t.id, departmentCode: t.departmentCode, role: t.role, status: t.status, recalled: t.recalled })),
  };
}

/**
 * Loads cases under lock and writes what the machine decided — cases, tasks, deadlines, timeline —
 * then raises the events, for one case (a person's command) or thousands (the sweeper) in the same
 * few statements. It decides nothing: every value it writes comes from the transition.
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
    const row = await this.cases.lock(em, id);
    if (!row) throw notFound('Case');
    return { row, tasks: await this.tasks.ofCases(em, [id]) };
  }

  async load(em: EntityManager, id: string): Promise<Loaded> {
    const [loaded] = await this.loadMany(em, [id]);
    if (!loaded) throw notFound('Case');
    return loaded;
  }

  /** Cases with their tasks (oldest first), in the order of `ids`; unknown ids are left out. */
  async loadMany(em: EntityManager, ids: string[]): Promise<Loaded[]> {
    if (ids.length === 0) return [];
    const [rows, tasks] = await Promise.all([this.cases.byIds(em, ids), this.tasks.ofCases(em, ids)]);
    const byId = new Map(rows.map((r) => [r.id, { row: r, tasks: [] as Task[] }]));
    for (const t of tasks) byId.get(t.caseId)?.tasks.push(t);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** A new case's row, as intake and the machine's `open` made it. */
  insertCase(em: EntityManager, row: Partial<Case>): Promise<Case> {
    return this.cases.insert(em, row);
  }

  /** Writes changes of distinct cases, raises their events, and returns the cases as they are now. */
  async commitMany(tx: Tx, items: Commit[]): Promise<CaseView[]> {
    const { em } = tx;
    if (items.length === 0) return [];
    const calendar = await this.catalog.calendar();
    const createdIds = items.map((i) => i.transition.created.map(() => randomUUID()));
    const ref = (n: number) => (r: TaskRef) => ('id' in r ? r.id : createdIds[n][r.created]);
    // Distinct creation times keep lead-first order stable when tasks are listed by age.
    await this.tasks.insert(
      em,
      items.flatMap(({ before, transition, now }, n) =>
        transition.created.map((a, i) => ({ id: createdIds[n][i], caseId: before.row.id, ...a, createdAt: new Date(now.getTime() + i) })),
      ),
    );
    await this.tasks.update(
      em,
      items.flatMap((item, n) => taskRows(item, ref(n))),
    );
    const plans = [];
    for (const [n, { before, transition, now, opened }] of items.entries()) {
      if (transition.clocks.length === 0) continue;
      const category = await this.catalog.category(before.row.categoryCode);
      plans.push({ ops: transition.clocks, ctx: { caseId: before.row.id, category, calendar, now, createdTaskIds: createdIds[n], opened } });
    }
    // Clocks first, so that one update of each case writes both its new state and its SLA view.
    await this.tasks.setDue(em, await this.deadlines.applyMany(em, plans));
    const touched = items.filter((i) => i.opened || i.transition.clocks.length > 0 || Object.keys(i.transition.record).length > 0);
    await this.cases.update(em, touched.map(casePatch));

    const after = await this.loadMany(
      em,
      items.map((i) => i.before.row.id),
    );
    const timeline: TimelineRow[] = [];
    const views: CaseView[] = [];
    for (const [n, { transition: t, acting, now }] of items.entries()) {
      const { row, tasks } = after[n];
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

/** The tasks' rows as the transition leaves them. */
function taskRows({ before, transition }: Commit, taskId: (r: TaskRef) => string): TaskRow[] {
  return transition.tasks.flatMap(({ task: ref, ...patch }) => {
    const prev = before.tasks.find((x) => x.id === taskId(ref));
    if (!prev) return [];
    const { id, status, recalled, claimedBy, claimedAt, doneAt, returnedAt, note, photos, updatedAt } = prev;
    return [{ id, status, recalled, claimedBy, claimedAt, doneAt, returnedAt, note, photos, updatedAt, ...patch }];
  });
}

/** The case row as the transition leaves it. */
function casePatch({ before: { row }, transition: t }: Commit): CasePatch {
  const s = t.state;
  const { id, closureCount, feedback, resolvedAt, closedAt, updatedAt } = row;
  return {
    id,
    closureCount,
    feedback,
    resolvedAt,
    closedAt,
    updatedAt,
    status: s.status,
    rung: s.rung,
    holderRegionCode: s.holderRegionCode,
    reworkCount: s.reworkCount,
    escalationCount: s.escalationCount,
    reopened: s.reopened,
    ...t.record,
  };
}
