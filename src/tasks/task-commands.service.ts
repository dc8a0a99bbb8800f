import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CatalogService } from '../catalog/catalog.service';
import { conflict, notFound } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { TaskUpdatedEvent } from '../events/domain-events';
import { actingUser } from '../cases/acting';
import { CaseCommandsService } from '../cases/case-commands.service';
import { audienceOf, CaseStore, stateOf, taskAudience } from '../cases/case-store';
import { taskView } from '../cases/case-view';
import { decide } from '../cases/domain/case-machine';
import { Extension } from '../cases/extension.entity';
import { Task } from '../cases/task.entity';
import { extendHandling } from '../sla/deadline-planner';
import { clockFor } from '../sla/working-time';

/** Department tasks (吹哨报到): report in, complete, return (退单), ask for more time (延期). */
@Injectable()
export class TaskCommandsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly cases: CaseCommandsService,
    private readonly store: CaseStore,
    private readonly catalog: CatalogService,
  ) {}

  async claim(user: AuthUser, taskId: string) {
    const caseId = await this.caseOf(taskId);
    const view = await this.cases.run(user, caseId, () => ({ type: 'claimTask', taskId }));
    return view.tasks.find((t) => t.id === taskId)!;
  }

  async complete(user: AuthUser, taskId: string, note: string, photos: string[] = []) {
    const caseId = await this.caseOf(taskId);
    const view = await this.cases.run(
      user,
      caseId,
      () => ({ type: 'completeTask', taskId }),
      { note, taskDetail: { id: taskId, note, photos } },
      photos,
    );
    return view.tasks.find((t) => t.id === taskId)!;
  }

  async return(user: AuthUser, taskId: string, reason: string) {
    const caseId = await this.caseOf(taskId);
    const view = await this.cases.run(user, caseId, () => ({ type: 'returnTask', taskId }), {
      note: reason,
      taskDetail: { id: taskId, note: reason },
    });
    return view.tasks.find((t) => t.id === taskId)!;
  }

  async requestExtension(user: AuthUser, taskId: string, duration: string, reason: string) {
    const caseId = await this.caseOf(taskId);
    return this.uow.run(async (tx) => {
      const loaded = await this.store.lock(tx.em, caseId);
      this.cases.requireVisible(user, loaded);
      decide(stateOf(loaded), { type: 'requestExtension', taskId }, actingUser(user).actor);
      const pending = await tx.em.getRepository(Extension).existsBy({ taskId, status: 'pending' });
      if (pending) throw conflict('An extension request for this task is already waiting for the street');
      const ext = await tx.em.getRepository(Extension).save({ taskId, caseId, duration, reason, requestedBy: user.id });
      const task = loaded.tasks.find((t) => t.id === taskId)!;
      await this.store.appendTimeline(tx.em, loaded.row, actingUser(user), new Date(), [
        { type: 'task.extension_requested', taskId, departmentCode: task.departmentCode, note: reason, data: { duration, extensionId: ext.id } },
      ]);
      return extensionView(ext);
    });
  }

  async decideExtension(user: AuthUser, extensionId: string, approved: boolean, note?: string) {
    const ext = await this.db.getRepository(Extension).findOneBy({ id: extensionId });
    if (!ext) throw notFound('Extension');
    return this.uow.run(async (tx) => {
      const loaded = await this.store.lock(tx.em, ext.caseId);
      this.cases.requireVisible(user, loaded);
      const current = await tx.em.getRepository(Extension).findOneByOrFail({ id: extensionId });
      if (current.status !== 'pending') throw conflict(`The request was ${current.status} already`);
      decide(stateOf(loaded), { type: 'decideExtension', taskId: ext.taskId, approved }, actingUser(user).actor);
      const now = new Date();
      Object.assign(current, { status: approved ? 'approved' : 'declined', decidedBy: user.id, decidedAt: now, note: note ?? null });
      await tx.em.getRepository(Extension).save(current);
      const task = loaded.tasks.find((t) => t.id === ext.taskId)!;
      let handleDueAt: Date | null = null;
      if (approved) {
        const category = await this.catalog.category(loaded.row.categoryCode);
        const clock = clockFor(category.sla.calendar, await this.catalog.calendar());
        handleDueAt = await extendHandling(tx.em, task.id, ext.duration, clock, category.sla.warnRatio, now);
      }
      await this.store.appendTimeline(tx.em, loaded.row, actingUser(user), now, [
        {
          type: approved ? 'task.extended' : 'task.extension_declined',
          taskId: task.id,
          departmentCode: task.departmentCode,
          note: note ?? null,
          data: { duration: ext.duration, extensionId: ext.id, handleDueAt },
        },
      ]);
      if (approved) {
        const after = await this.store.load(tx.em, loaded.row.id);
        const updated = after.tasks.find((t) => t.id === task.id)!;
        tx.publish(
          new TaskUpdatedEvent(
            { task: taskView(updated), caseId: loaded.row.id, change: 'extended' },
            taskAudience(audienceOf(after.row, after.tasks), updated.departmentCode),
          ),
        );
      }
      return { ...extensionView(current), handleDueAt: handleDueAt?.toISOString() ?? null };
    });
  }

  private async caseOf(taskId: string): Promise<string> {
    const task = await this.db.getRepository(Task).findOne({ where: { id: taskId }, select: { caseId: true } });
    if (!task) throw notFound('Task');
    return task.caseId;
  }
}

export function extensionView(e: Extension) {
  return {
    id: e.id,
    taskId: e.taskId,
    caseId: e.caseId,
    duration: e.duration,
    reason: e.reason,
    status: e.status,
    requestedAt: e.requestedAt?.toISOString?.() ?? null,
    decidedAt: e.decidedAt?.toISOString?.() ?? null,
    note: e.note,
  };
}
