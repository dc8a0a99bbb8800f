import { Module } from '@nestjs/common';
import { CaseCommandsService } from './case-commands.service';
import { CaseQueriesService } from './case-queries.service';
import { CaseStore } from './case-store';
import { CasesController } from './cases.controller';
import { IntakeService } from './intake/intake.service';

@Module({
  controllers: [CasesController],
  providers: [IntakeService, CaseCommandsService, CaseQueriesService, CaseStore],
  exports: [IntakeService, CaseCommandsService, CaseStore],
})
export class CasesModule {}
