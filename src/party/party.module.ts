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
import { UnitRepository } from './units/unit.repository';
import { UnitsController } from './units/units.controller';
import { UnitsService } from './units/units.service';

/** 区域化党建: member units, the three lists with two-way claiming, projects, meetings and public notices. */
@Module({
  imports: [CasesModule],
  controllers: [UnitsController, ListsController, ClaimsController],
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
  ],
})
export class PartyModule {}
