import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CaseCommandsService } from './case-commands.service';
import { CaseQueriesService } from './case-queries.service';
import { CaseStore } from './case-store';
import { CasesController } from './cases.controller';
import { IntakeService } from './intake/intake.service';

@Module({
  imports: [AttachmentsModule],
  controllers: [CasesController],
  providers: [IntakeService, CaseCommandsService, CaseQueriesService, CaseStore],
  exports: [IntakeService, CaseCommandsService, CaseStore],
})
export class CasesModule {}
