import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CaseCommandsService } from './case-commands.service';
import { CaseQueriesService } from './case-queries.service';
import { CaseExecutor, Clock, SystemClock } from './case-executor';
import { CaseStore } from './case-store';
import { CaseRepository } from './persistence/case.repository';
import { TaskRepository } from './persistence/task.repository';
import { TimelineRepository } from './persistence/timeline.repository';
import { RatingRepository } from './persistence/rating.repository';
import { CasesController } from './cases.controller';
import { IntakeService } from './intake/intake.service';

@Module({
  imports: [AttachmentsModule],
  controllers: [CasesController],
  providers: [
    IntakeService,
    CaseCommandsService,
    CaseQueriesService,
    CaseStore,
    CaseExecutor,
    CaseRepository,
    TaskRepository,
    TimelineRepository,
    RatingRepository,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [IntakeService, CaseCommandsService, CaseStore, CaseExecutor, CaseRepository, TimelineRepository, RatingRepository],
})
export class CasesModule {}
