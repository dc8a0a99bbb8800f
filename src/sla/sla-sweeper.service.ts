import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CatalogService } from '../catalog/catalog.service';
import type { AppConfig } from '../config/app-config';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { Outage } from '../database/outage-log';
import { UnitOfWork, type Tx } from '../database/unit-of-work';
import { SYSTEM } from '../cases/acting';
import { CaseExecutor } from '../cases/case-executor';
import { CaseStore } from '../cases/case-store';
import type { DueDeadline } from '../cases/domain/case-machine';
import { responsibleDepartments } from '../cases/domain/routing';
import { DeadlineRepository } from './deadline.repository';

/** Deadlines one transaction takes: thousands of climbs commit in a few statements. */
const BATCH = 1000;
/**
 * Batches swept at once: while one batch's statements run in PostgreSQL, the next is decided in
 * memory. SKIP LOCKED keeps them apart, as it keeps instances apart.
 */
const LANES = 2;

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
    private readonly executor: CaseExecutor,
    private readonly deadlines: DeadlineRepository,
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
    const lanes = await Promise.all(Array.from({ length: LANES }, () => this.sweepLane()));
    return lanes.reduce((a, b) => a + b, 0);
  }

  private async sweepLane(): Promise<number> {
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

  /**
   * One deadline per transaction. The row that failed is the one this transaction took, so that one
   * (taken again by id, under lock) is postponed, never another.
   */
  private async sweepOneByOne(limit: number): Promise<number> {
    let handled = 0;
    for (; handled < limit; handled++) {
      let taken: string | undefined;
      try {
        const n = await this.uow.run(async (tx) => {
          const rows = await this.deadlines.takeDue(tx.em, 1);
          taken = rows[0]?.id;
          return this.process(tx, rows);
        });
        if (n === 0) break;
      } catch (e) {
        if (isDatabaseUnavailable(e) || !taken) throw e;
        const id = taken;
        this.logger.error(`deadline ${id} failed, retrying in a minute: ${(e as Error).stack}`);
        await this.uow.run(async (tx) => {
          if ((await this.deadlines.takeDue(tx.em, 1, id)).length) await this.deadlines.postpone(tx.em, id);
        });
      }
    }
    return handled;
  }

  private async sweepBatch(tx: Tx, limit: number): Promise<number> {
    return this.process(tx, await this.deadlines.takeDue(tx.em, limit));
  }

  /**
   * Everything that had come by `at`, processed in the caller's transaction as if the sweep ran at
   * `at`: the demo history (src/history/) replays its 90 days through this, so that its warnings,
   * breaches and climbs happen when they fell due, by the code that processes them live.
   */
  async sweepAt(tx: Tx, at: Date): Promise<number> {
    let total = 0;
    for (let handled = BATCH; handled === BATCH; total += handled) {
      handled = await this.process(tx, await this.deadlines.takeDue(tx.em, BATCH, undefined, at), at);
    }
    return total;
  }

  /** The taken rows, case by case, as the machine's `lapse`: warnings, breaches, and the climbs they cause. */
  private async process(tx: Tx, rows: (DueDeadline & { caseId: string })[], at?: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const byCase = new Map<string, DueDeadline[]>();
    for (const { caseId, ...d } of rows) byCase.set(caseId, [...(byCase.get(caseId) ?? []), d]);
    const cases = await this.store.loadMany(tx.em, [...byCase.keys()]);
    const executions = [];
    for (const target of cases) {
      const whistleTo = responsibleDepartments(await this.catalog.category(target.row.categoryCode));
      executions.push({ target, command: { type: 'lapse', deadlines: byCase.get(target.row.id)!, whistleTo } as const, acting: SYSTEM });
    }
    await this.executor.runMany(tx, executions, at);
    return rows.length;
  }
}
