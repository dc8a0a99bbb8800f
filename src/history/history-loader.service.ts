import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CatalogService } from '../catalog/catalog.service';
import type { AppConfig } from '../config/app-config';
import { DEMO_CITY } from '../database/seed/seed-demo-city';
import { UnitOfWork } from '../database/unit-of-work';
import { HISTORY_SEED } from './history-mix';
import { gridsOf, planHistory, soonestDeadline } from './history-plan';
import { HistoryParty, type PartyFigures } from './history-party';
import { HistoryRunner, type HistoryFigures } from './history-runner';

/** Whether this instance's start loaded the demo city into an empty database (prepareDatabase tells). */
export class SeedReport {
  demoSeeded = false;
}

/** Any constant shared by every instance: the lock that lets one of several starting instances load the history. */
const HISTORY_LOCK = 7_204_119;

/**
 * SEED_HISTORY: right after the demo city was seeded into an empty database, loads 90 days of demo
 * cases (history-plan.ts) so that the wall, rankings and scorecards show figures on first start, and
 * the party building of those days (history-party.ts) between them, so that its lists are not empty. One
 * transaction: a crash leaves no half history, the live sweeper sees none of it before it is whole,
 * and its events, which no one was there to see, are never raised. It runs before the service
 * listens; a restart never loads it again (the database is no longer empty).
 */
@Injectable()
export class HistoryLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(HistoryLoader.name);

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(SeedReport) private readonly seeding: SeedReport,
    private readonly uow: UnitOfWork,
    private readonly catalog: CatalogService,
    private readonly runner: HistoryRunner,
    private readonly party: HistoryParty,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('seedHistory', { infer: true }) || !this.seeding.demoSeeded) return;
    try {
      await this.load(this.config.get('historyUntil', { infer: true }) ?? new Date());
    } catch (e) {
      // The service is whole without it: start with no cases rather than not at all.
      this.logger.error(`demo history not loaded: ${(e as Error).stack}`);
    }
  }

  /** Loads the history ending at `until` unless the database holds cases already; answers what it did (null: nothing). */
  async load(until: Date): Promise<(HistoryFigures & { party: PartyFigures }) | null> {
    const started = Date.now();
    const figures = await this.uow.run(async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [HISTORY_LOCK]);
      const [{ empty }]: { empty: boolean }[] = await tx.em.query('SELECT NOT EXISTS (SELECT 1 FROM grid_case) AS empty');
      if (!empty) return null;
      const [categories, calendar] = await Promise.all([this.catalog.categories(), this.catalog.calendar()]);
      const plan = planHistory({ seed: HISTORY_SEED, until, calendar, grids: gridsOf(DEMO_CITY.regions), categories });
      const party = this.party.script(until, calendar.timezone);
      const cases = await this.runner.play(
        { em: tx.em, publish: () => undefined },
        plan,
        until,
        soonestDeadline(categories, calendar),
        party.interludes,
      );
      return { ...cases, party: party.figures };
    });
    if (figures) {
      const s = ((Date.now() - started) / 1000).toFixed(1);
      const p = figures.party;
      this.logger.log(
        `demo history loaded: ${figures.cases} cases of the last 90 days, ${figures.acts} changes, ${figures.lapsed} deadlines, ` +
          `${p.demands} demands, ${p.resources} resources, ${p.claims} claims, ${p.projects} project, ${p.meetings} meeting in ${s} s`,
      );
    }
    return figures;
  }
}
