import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { UnitOfWork, type Tx } from '../database/unit-of-work';
import { SlaBreachedEvent, SlaWarningEvent } from '../events/domain-events';
import { SYSTEM } from '../cases/acting';
import { CaseCommandsService } from '../cases/case-commands.service';
import { audienceOf, CaseStore, taskAudience } from '../cases/case-store';
import { refreshCaseSla } from './deadline-planner';

interface DueRow {
  id: string;
  case_id: string;
  task_id: string | null;
  stage: 'rung' | 'claim' | 'handle' | 'verify';
  rung: string | null;
  state: 'running' | 'warned';
  warn_at: Date | null;
  due_at: Date;
}

type BreachAction = 'escalated' | 'whistled' | 'none';

/** Rows one transaction takes; small enough that a batch commits in well under a second. */
const BATCH = 200;

/**
 * Processes deadlines that have come: a warning once, then the breach — a rung breach climbs the
 * case one rung (from the street: whistles its departments); claim, handle and verify breaches mark
 * it overdue. Rows are taken with their case `FOR UPDATE SKIP LOCKED`, so any number of instances
 * share the work, each deadline is processed once, and the sweeper never waits on a user's lock.
 */
@Injectable()
export class SlaSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseCommandsService,
    private readonly store: CaseStore,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onApplicationBootstrap(): void {
    // First sweep at once: deadlines that fell due while the service was down are processed now.
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((e) => this.logger.error(`sweep failed: ${(e as Error).stack}`))
        .finally(() => this.schedule(this.config.get('slaSweepMs', { infer: true })));
    }, delay);
  }

  /** Processes everything due now, batch by batch; returns how many deadlines it handled. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.uow.run((tx) => this.sweepBatch(tx));
      total += handled;
      if (handled < BATCH || this.stopped) return total;
    }
  }

  private async sweepBatch(tx: Tx): Promise<number> {
    const rows: DueRow[] = await tx.em.query(
      `SELECT d.id, d.case_id, d.task_id, d.stage, d.rung, d.state, d.warn_at, d.due_at
       FROM deadline d JOIN grid_case c ON c.id = d.case_id
       WHERE d.next_at <= now()
       ORDER BY d.next_at
       LIMIT ${BATCH}
       FOR UPDATE OF d, c SKIP LOCKED`,
    );
    const now = new Date();
    for (const row of rows) {
      await tx.em.query('SAVEPOINT deadline');
      try {
        await this.process(tx, row, now);
        await tx.em.query('RELEASE SAVEPOINT deadline');
      } catch (e) {
        // One bad row must not hold back the rest: look at it again in a minute.
        await tx.em.query('ROLLBACK TO SAVEPOINT deadline');
        await tx.em.query(`UPDATE deadline SET next_at = now() + interval '1 minute' WHERE id = $1`, [row.id]);
        this.logger.error(`deadline ${row.id} failed: ${(e as Error).stack}`);
      }
    }
    return rows.length;
  }

  private async process(tx: Tx, d: DueRow, now: Date): Promise<void> {
    const loaded = await this.store.lock(tx.em, d.case_id);
    const body = { caseId: d.case_id, code: loaded.row.code, stage: d.stage, dueAt: d.due_at.toISOString(), ...(d.task_id ? { taskId: d.task_id } : {}) };
    const task = d.task_id ? loaded.tasks.find((t) => t.id === d.task_id) : undefined;
    const audience = task ? taskAudience(audienceOf(loaded.row, loaded.tasks), task.departmentCode) : audienceOf(loaded.row, loaded.tasks);

    if (d.due_at > now) {
      await tx.em.query(`UPDATE deadline SET state = 'warned', next_at = due_at WHERE id = $1`, [d.id]);
      await refreshCaseSla(tx.em, d.case_id);
      await this.store.appendTimeline(tx.em, loaded.row, SYSTEM, now, [{ type: 'sla.warning', taskId: d.task_id, data: { stage: d.stage, dueAt: body.dueAt } }]);
      tx.publish(new SlaWarningEvent(body, audience));
      return;
    }

    await tx.em.query(`UPDATE deadline SET state = 'breached', breached_at = $2, next_at = NULL WHERE id = $1`, [d.id, now]);
    await this.store.appendTimeline(tx.em, loaded.row, SYSTEM, now, [{ type: 'sla.breached', taskId: d.task_id, data: { stage: d.stage, dueAt: body.dueAt } }]);
    let action: BreachAction = 'none';
    const working = loaded.row.status === 'pending' || loaded.row.status === 'in_progress';
    if (d.stage === 'rung' && working && loaded.row.rung === d.rung) {
      const view = await this.cases.apply(tx, loaded, { type: 'escalate', whistleTo: await this.cases.categoryDepartments(loaded) }, SYSTEM, {
        note: `${d.rung} time limit passed`,
      });
      action = view.rung === 'department' ? 'whistled' : 'escalated';
    } else {
      await refreshCaseSla(tx.em, d.case_id);
    }
    tx.publish(new SlaBreachedEvent({ ...body, action }, audience));
  }
}
