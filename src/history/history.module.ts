import { DynamicModule, Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PublicModule } from '../public/public.module';
import { PartyModule } from '../party/party.module';
import { SweeperModule } from '../sla/sweeper.module';
import { StatsModule } from '../stats/stats.module';
import { TasksModule } from '../tasks/tasks.module';
import { HistoryActs } from './history-acts';
import { HistoryLoader, SeedReport } from './history-loader.service';
import { HistoryParty } from './history-party';
import { HistoryRunner } from './history-runner';

/** The demo history (SEED_HISTORY); `seeding` is filled in by the data source's start, before any hook runs. */
@Module({})
export class HistoryModule {
  static forRoot(seeding: SeedReport): DynamicModule {
    return {
      module: HistoryModule,
      imports: [CasesModule, TasksModule, PublicModule, SweeperModule, PartyModule, StatsModule],
      providers: [{ provide: SeedReport, useValue: seeding }, HistoryActs, HistoryRunner, HistoryParty, HistoryLoader],
      exports: [HistoryLoader],
    };
  }
}
