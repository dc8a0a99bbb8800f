import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ClaimRepository } from './lists/claim.repository';
import { ClaimsController } from './lists/claims.controller';
import { ClaimsService } from './lists/claims.service';
import { ClassRepository } from './lists/class.repository';
import { ClassesService } from './lists/classes.service';
import { DemandRepository } from './lists/demand.repository';
import { DemandsService } from './lists/demands.service';
import { ListsController } from './lists/lists.controller';
import { ResourceRepository } from './lists/resource.repository';
import { ResourcesService } from './lists/resources.service';
import { MeetingRepository } from './meetings/meeting.repository';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsService } from './meetings/meetings.service';
import { NoticesController } from './notices/notices.controller';
import { NoticesService } from './notices/notices.service';
import { ClaimStatsController } from './stats/claim-stats.controller';
import { ClaimStatsService } from './stats/claim-stats.service';
import { ProjectRepository } from './projects/project.repository';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsService } from './projects/projects.service';
import { UnitRepository } from './units/unit.repository';
import { UnitsController } from './units/units.controller';
import { UnitsService } from './units/units.service';

/** 区域化党建: member units, the three lists with two-way claiming, projects, meetings and public notices. */
@Module({
  imports: [CasesModule],
  controllers: [UnitsController, ListsController, ClaimsController, ProjectsController, MeetingsController, NoticesController, ClaimStatsController],
  providers: [
    UnitRepository,
    UnitsService,
    ClassRepository,
    ClassesService,
    DemandRepository,
    DemandsService,
    ResourceRepository,
    ResourcesService,
    ClaimRepository,
    ClaimsService,
    ProjectRepository,
    ProjectsService,
    MeetingRepository,
    MeetingsService,
    NoticesService,
    ClaimStatsService,
  ],
  // The demo history (src/history) plays its party-building story through these use cases.
  exports: [DemandsService, ResourcesService, ClaimsService, ProjectsService, MeetingsService],
})
export class PartyModule {}
