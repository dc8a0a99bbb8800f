import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { actingUser } from '../cases/acting';
import { CaseCommandsService } from '../cases/case-commands.service';
import { CaseExecutor } from '../cases/case-executor';
import { CaseStore } from '../cases/case-store';
import { Extension } from '../cases/extension.entity';
import { Task } from '../cases/task.entity';

/** Department tasks (吹哨报到): report in, complete, return (退单), ask for more time (延期). */
@Injectable()
export class TaskCommandsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly cases: CaseCommandsService,
    private readonly store: CaseStore,
    private readonly executor: CaseExecutor,
  ) {}

  async claim(user: AuthUser, taskId: string) {
    const caseId = await this.caseOf(taskId);
    const view = await this.cases.run(user, caseId, () => ({ type: 'claimTask', taskId }));
    return view.tasks.find((t) => t.id === taskId)!;
  }

  async complete(user: AuthUser, taskId: string, note: string, photos: string[] = []) {
    const caseId = await this.caseOf(taskId);
    const view = await this.cases.run(user, caseId, () => ({ type: 'completeTask', taskId }), { note, photos }, photos);
    return view.tasks.find((t) => t.id === taskId)!;
  }

  async return(user: AuthUser, taskId: string, reason: string) {
    const caseId = await this.caseOf(taskId);
    const view = await this.cases.run(user, caseId, () => ({ type: 'returnTask', taskId }), { note: reason });
    return view.tasks.find((t) => t.id === taskId)!;
  }

  async requestExtension(user: AuthUser, taskId: string, duration: string, reason: string) {
    const caseId = await this.caseOf(taskId);
    return this.uow.run(async (tx) => {
      const loaded = await this.store.lock(tx.em, caseId);
      this.cases.requireVisible(user, loaded);
      const pending = await tx.em.getRepository(Extension).existsBy({ taskId, status: 'pending' });
      const id = randomUUID();
      await this.executor.run(tx, loaded, { type: 'requestExtension', taskId, duration, extensionId: id, pending, note: reason }, actingUser(user));
      const ext = await tx.em.getRepository(Extension).save({ id, taskId, caseId, duration, reason, requestedBy: user.id });
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
      const command = {
        type: 'decideExtension',
        taskId: ext.taskId,
        approved,
        duration: ext.duration,
        extensionId: ext.id,
        note: note ?? null,
      } as const;
      const view = await this.executor.run(tx, loaded, command, actingUser(user));
      Object.assign(current, { status: approved ? 'approved' : 'declined', decidedBy: user.id, decidedAt: new Date(), note: note ?? null });
      await tx.em.getRepository(Extension).save(current);
      const handleDueAt = approved ? (view.tasks.find((t) => t.id === ext.taskId)?.handleDueAt ?? null) : null;
      return { ...extensionView(current), handleDueAt };
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
