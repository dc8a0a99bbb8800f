import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CatalogService } from '../catalog/catalog.service';
import type { AppConfig } from '../config/app-config';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { Outage } from '../database/outage-log';
import { UnitOfWork, type Tx } from '../database/unit-of-work';
import { SlaBreachedEvent, SlaWarningEvent, type SlaEventBody } from '../events/domain-events';
import { SYSTEM } from '../cases/acting';
import { audienceOf, CaseStore, stateOf, taskAudience, type CommitOptions, type Loaded } from '../cases/case-store';
import { decide, type Transition } from '../cases/domain/case-machine';
import { responsibleDepartments, type Responsibility } from '../cases/domain/routing';
import { refreshCaseSla } from './deadline-planner';

interface DueRow {
  id: string;
  case_id: string;
  task_id: string | null;
  stage: 'rung' | 'claim' | 'handle' | 'verify';
  rung: string | null;
  due_at: Date;
}

type BreachAction = 'escalated' | 'whistled' | 'none';

/** Deadlines one transaction takes: thousands of climbs commit in a few statements. */
const BATCH = 1000;

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
  private readonly outage = new Outage(this.logger, 'SLA sweeps');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: CaseStore,
    private readonly catalog: CatalogService,
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
        .then(() => this.outage.succeeded())
        .catch((e) => {
          // While the database is away: back off, log once; what fell due is swept on its return.
          if (isDatabaseUnavailable(e)) this.outage.failed(e);
          else this.logger.error(`sweep failed: ${(e as Error).stack}`);
        })
        .finally(() => this.schedule(this.outage.backoff(this.config.get('slaSweepMs', { infer: true }))));
    }, delay);
  }

  /** Processes everything due now, batch by batch; returns how many deadlines it handled. */
  async sweep(): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      let handled: number;
      try {
        handled = await this.uow.run((tx) => this.sweepBatch(tx, BATCH));
      } catch (e) {
        if (isDatabaseUnavailable(e)) throw e;
        // Something in the batch is broken: go one by one, so that the rest still moves.
        this.logger.error(`batch failed, retrying one by one: ${(e as Error).message}`);
        handled = await this.sweepOneByOne(BATCH);
      }
      total += handled;
      if (handled < BATCH) break;
    }
    return total;
  }

  private async sweepOneByOne(limit: number): Promise<number> {
    let handled = 0;
    for (; handled < limit; handled++) {
      const [row] = await this.dueRows(this.uow, 1);
      if (!row) break;
      await this.uow.run((tx) => this.sweepBatch(tx, 1)).catch(async (e) => {
        if (isDatabaseUnavailable(e)) throw e;
        this.logger.error(`deadline ${row.id} failed, retrying in a minute: ${(e as Error).stack}`);
        await this.uow.run((tx) => tx.em.query(`UPDATE deadline SET next_at = now() + interval '1 minute' WHERE id = $1`, [row.id]));
      });
    }
    return handled;
  }

  private dueRows(uow: UnitOfWork, limit: number): Promise<DueRow[]> {
    return uow.run((tx) => this.takeDue(tx, limit));
  }

  private takeDue(tx: Tx, limit: number): Promise<DueRow[]> {
    return tx.em.query(
      `SELECT d.id, d.case_id, d.task_id, d.stage, d.rung, d.due_at
       FROM deadline d JOIN grid_case c ON c.id = d.case_id
       WHERE d.next_at <= now()
       ORDER BY d.next_at
       LIMIT ${limit}
       FOR UPDATE OF d, c SKIP LOCKED`,
    );
  }

  private async sweepBatch(tx: Tx, limit: number): Promise<number> {
    const rows = await this.takeDue(tx, limit);
    if (rows.length === 0) return 0;
    const now = new Date();
    const cases = new Map((await this.store.loadMany(tx.em, [...new Set(rows.map((r) => r.case_id))])).map((l) => [l.row.id, l]));
    const categoryCodes = [...new Set([...cases.values()].map((l) => l.row.categoryCode))];
    const categories = new Map(await Promise.all(categoryCodes.map(async (code) => [code, await this.catalog.category(code)] as const)));
    const warned: DueRow[] = [];
    const breached: (DueRow & { action: BreachAction })[] = [];
    const climbs: { before: Loaded; transition: Transition; opts: CommitOptions }[] = [];
    const climbed = new Set<string>();

    for (const row of rows) {
      if (row.due_at > now) {
        warned.push(row);
        continue;
      }
      const loaded = cases.get(row.case_id)!;
      const climb = climbed.has(row.case_id) ? undefined : this.climbOnBreach(row, loaded, categories.get(loaded.row.categoryCode)!);
      if (climb) {
        climbed.add(row.case_id);
        climbs.push({ before: loaded, transition: climb, opts: { acting: SYSTEM, now, note: `${row.rung} time limit passed` } });
      }
      breached.push({ ...row, action: climb ? (climb.state.rung === 'department' ? 'whistled' : 'escalated') : 'none' });
    }

    await tx.em.query(`UPDATE deadline SET state = 'warned', next_at = due_at WHERE id = ANY($1)`, [warned.map((r) => r.id)]);
    await tx.em.query(`UPDATE deadline SET state = 'breached', breached_at = $2, next_at = NULL WHERE id = ANY($1)`, [breached.map((r) => r.id), now]);
    await this.store.insertTimeline(
      tx.em,
      [...warned.map((r) => ({ r, type: 'sla.warning' })), ...breached.map((r) => ({ r, type: 'sla.breached' }))].map(({ r, type }) => ({
        type,
        taskId: r.task_id,
        data: { stage: r.stage, dueAt: r.due_at.toISOString() },
        c: cases.get(r.case_id)!.row,
        acting: SYSTEM,
        at: now,
      })),
    );
    await this.store.commitMany(tx, climbs);
    await refreshCaseSla(tx.em, [...cases.keys()].filter((id) => !climbed.has(id)));

    for (const r of warned) tx.publish(new SlaWarningEvent(this.body(r, cases.get(r.case_id)!), this.audience(r, cases.get(r.case_id)!)));
    for (const r of breached) {
      tx.publish(new SlaBreachedEvent({ ...this.body(r, cases.get(r.case_id)!), action: r.action }, this.audience(r, cases.get(r.case_id)!)));
    }
    return rows.length;
  }

  /** A rung breach of a case still working at that rung climbs it (the caller climbs a case once per batch). */
  private climbOnBreach(row: DueRow, loaded: Loaded, category: Responsibility): Transition | undefined {
    const c = loaded.row;
    const working = c.status === 'pending' || c.status === 'in_progress';
    if (row.stage !== 'rung' || !working || c.rung !== row.rung) return undefined;
    return decide(stateOf(loaded), { type: 'escalate', whistleTo: responsibleDepartments(category) }, SYSTEM.actor);
  }

  private body(r: DueRow, loaded: Loaded): SlaEventBody {
    return { caseId: r.case_id, code: loaded.row.code, stage: r.stage, dueAt: r.due_at.toISOString(), ...(r.task_id ? { taskId: r.task_id } : {}) };
  }

  private audience(r: DueRow, loaded: Loaded) {
    const audience = audienceOf(loaded.row, loaded.tasks);
    const task = r.task_id ? loaded.tasks.find((t) => t.id === r.task_id) : undefined;
    return task ? taskAudience(audience, task.departmentCode) : audience;
  }
}
