import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CatalogService } from '../catalog/catalog.service';
import { notFound } from '../common/domain-error';
import type { Tx } from '../database/unit-of-work';
import { CaseUpdatedEvent, TaskUpdatedEvent, type Audience } from '../events/domain-events';
import { DeadlinePlanner } from '../sla/deadline-planner';
import type { Acting } from './acting';
import { Case } from './case.entity';
import { CaseEvent } from './case-event.entity';
import { caseView, taskView, type CaseView } from './case-view';
import type { CaseState, Transition } from './domain/case-machine';
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

/** Loads cases under lock and writes a transition back: case, tasks, deadlines, timeline, events. */
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
    const row = await em.getRepository(Case).findOneBy({ id });
    if (!row) throw notFound('Case');
    const tasks = await em.getRepository(Task).find({ where: { caseId: id }, order: { createdAt: 'ASC' } });
    return { row, tasks };
  }

  async commit(tx: Tx, before: Loaded, t: Transition, opts: CommitOptions): Promise<CaseView> {
    const { em } = tx;
    const { row } = before;
    const { now, acting } = opts;
    const createdIds = await this.createTasks(em, row.id, t, now);
    await this.updateTasks(em, before, t, opts);
    await this.updateCase(em, row, t, opts);
    const category = await this.catalog.category(row.categoryCode);
    await this.planner.apply(em, t.clocks, {
      caseId: row.id,
      category,
      calendar: await this.catalog.calendar(),
      now,
      createdTaskIds: createdIds,
    });

    const after = await this.load(em, row.id);
    const taskIdOf = (ref: { id: string } | { created: number }) => ('id' in ref ? ref.id : createdIds[ref.created]);
    const caseEntries: Partial<CaseEvent>[] = t.change ? [{ type: t.change, note: opts.note ?? null, data: opts.data ?? null }] : [];
    const taskEntries = t.taskChanges.map((tc): Partial<CaseEvent> => {
      const task = after.tasks.find((x) => x.id === taskIdOf(tc.task))!;
      const own = opts.taskDetail?.id === task.id;
      return { type: `task.${tc.change}`, taskId: task.id, departmentCode: task.departmentCode, note: own ? (opts.note ?? null) : null };
    });
    const entries = opts.taskFirst ? [...taskEntries, ...caseEntries] : [...caseEntries, ...taskEntries];
    await this.appendTimeline(em, after.row, acting, now, entries);

    const view = caseView(after.row, after.tasks);
    const audience = audienceOf(after.row, after.tasks);
    for (const tc of t.taskChanges) {
      const task = after.tasks.find((x) => x.id === taskIdOf(tc.task))!;
      tx.publish(new TaskUpdatedEvent({ task: taskView(task), caseId: row.id, change: tc.change }, taskAudience(audience, task.departmentCode)));
    }
    if (t.change) tx.publish(new CaseUpdatedEvent({ case: view, change: t.change }, audience));
    return view;
  }

  async appendTimeline(em: EntityManager, c: Case, acting: Acting, at: Date, entries: Partial<CaseEvent>[]): Promise<void> {
    if (entries.length === 0) return;
    await em.getRepository(CaseEvent).insert(
      entries.map((e): QueryDeepPartialEntity<CaseEvent> => ({
        caseId: c.id,
        at,
        actor: acting.name,
        actorId: acting.id,
        actorRole: acting.role,
        rung: c.rung,
        holderRegionCode: c.holderRegionCode,
        ...(e as QueryDeepPartialEntity<CaseEvent>),
      })),
    );
  }

  async createTasks(em: EntityManager, caseId: string, t: Transition, now: Date): Promise<string[]> {
    if (t.created.length === 0) return [];
    const rows = t.created.map((a, i) => ({
      caseId,
      departmentCode: a.departmentCode,
      role: a.role,
      status: 'pending' as const,
      // Distinct creation times keep lead-first order stable when tasks are listed by age.
      createdAt: new Date(now.getTime() + i),
    }));
    const result = await em.getRepository(Task).insert(rows);
    return result.identifiers.map((x) => x.id as string);
  }

  private async updateTasks(em: EntityManager, before: Loaded, t: Transition, opts: CommitOptions): Promise<void> {
    for (const next of t.state.tasks) {
      const prev = before.tasks.find((x) => x.id === next.id);
      if (!prev || (prev.status === next.status && prev.recalled === next.recalled)) continue;
      const patch: Partial<Task> = { status: next.status, recalled: next.recalled, updatedAt: opts.now };
      if (next.status === 'claimed' && prev.status === 'pending') Object.assign(patch, { claimedBy: opts.acting.id, claimedAt: opts.now });
      if (next.status === 'done') patch.doneAt = opts.now;
      if (next.status === 'claimed' && prev.status === 'done') patch.doneAt = null; // rework
      if (next.status === 'returned') patch.returnedAt = opts.now;
      const detail = opts.taskDetail?.id === next.id ? opts.taskDetail : undefined;
      if (detail?.note !== undefined) patch.note = detail.note;
      if (detail?.photos?.length) patch.photos = detail.photos;
      await em.getRepository(Task).update({ id: next.id }, patch);
    }
  }

  private async updateCase(em: EntityManager, row: Case, t: Transition, opts: CommitOptions): Promise<void> {
    const s = t.state;
    const patch: Partial<Case> = {
      status: s.status,
      rung: s.rung,
      holderRegionCode: s.holderRegionCode,
      reworkCount: s.reworkCount,
      escalationCount: s.escalationCount,
      reopened: s.reopened,
      updatedAt: opts.now,
    };
    if (s.status === 'resolved' && row.status !== 'resolved') {
      patch.resolvedAt = opts.now;
      patch.feedback = opts.note || row.feedback;
    }
    if ((s.status === 'closed' || s.status === 'cancelled') && row.status !== s.status) patch.closedAt = opts.now;
    if (s.status === 'closed' && row.status !== 'closed') patch.closureCount = row.closureCount + 1;
    if (s.status === 'in_progress' && (row.status === 'closed' || row.status === 'resolved')) patch.closedAt = null;
    await em.getRepository(Case).update({ id: row.id }, patch);
  }
}
