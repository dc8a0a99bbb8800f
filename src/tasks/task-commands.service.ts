import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../common/domain-error';
import { UnitOfWork, type Tx } from '../database/unit-of-work';
import { actingUser, type Acting } from '../cases/acting';
import { CaseCommandsService } from '../cases/case-commands.service';
import { CaseExecutor } from '../cases/case-executor';
import { CaseStore, type Loaded } from '../cases/case-store';
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
      return this.requestExtensionIn(tx, loaded, actingUser(user), { taskId, duration, reason });
    });
  }

  /**
   * The request on a case already locked in `tx`; `now` the clock's unless given (the demo history's
   * replay), and then also the request's own time.
   */
  async requestExtensionIn(tx: Tx, loaded: Loaded, acting: Acting, r: { taskId: string; duration: string; reason: string }, now?: Date) {
    const { taskId, duration, reason } = r;
    const pending = await tx.em.getRepository(Extension).existsBy({ taskId, status: 'pending' });
    const id = randomUUID();
    await this.executor.run(tx, loaded, { type: 'requestExtension', taskId, duration, extensionId: id, pending, note: reason }, acting, now);
    const ext = await tx.em
      .getRepository(Extension)
      .save({ id, taskId, caseId: loaded.row.id, duration, reason, requestedBy: acting.id!, ...(now ? { requestedAt: now } : {}) });
    return extensionView(ext);
  }

  async decideExtension(user: AuthUser, extensionId: string, approved: boolean, note?: string) {
    const ext = await this.db.getRepository(Extension).findOneBy({ id: extensionId });
    if (!ext) throw notFound('Extension');
    return this.uow.run(async (tx) => {
      const loaded = await this.store.lock(tx.em, ext.caseId);
      this.cases.requireVisible(user, loaded);
      return this.decideExtensionIn(tx, loaded, actingUser(user), { extensionId, approved, note });
    });
  }

  /** The decision on a case already locked in `tx` (at `now`, as `requestExtensionIn`). */
  async decideExtensionIn(tx: Tx, loaded: Loaded, acting: Acting, d: { extensionId: string; approved: boolean; note?: string }, now?: Date) {
    const { extensionId, approved, note } = d;
    const current = await tx.em.getRepository(Extension).findOneByOrFail({ id: extensionId });
    if (current.status !== 'pending') throw conflict(`The request was ${current.status} already`);
    const command = {
      type: 'decideExtension',
      taskId: current.taskId,
      approved,
      duration: current.duration,
      extensionId: current.id,
      note: note ?? null,
    } as const;
    const view = await this.executor.run(tx, loaded, command, acting, now);
    Object.assign(current, { status: approved ? 'approved' : 'declined', decidedBy: acting.id, decidedAt: now ?? new Date(), note: note ?? null });
    await tx.em.getRepository(Extension).save(current);
    const handleDueAt = approved ? (view.tasks.find((t) => t.id === current.taskId)?.handleDueAt ?? null) : null;
    return { ...extensionView(current), handleDueAt };
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
