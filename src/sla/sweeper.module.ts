import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { SlaSweeper } from './sla-sweeper.service';

@Module({ imports: [CasesModule], providers: [SlaSweeper], exports: [SlaSweeper] })
export class SweeperModule {}
