import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { CreateUnitDto, PatchUnitDto, UnitListQuery } from './units.dto';
import { UnitPage, UnitResponse } from './units.responses';
import { UnitsService } from './units.service';

@ApiTags('party')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @ApiOkResponse({ type: UnitPage })
  @ApiErrors(400, 404)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: UnitListQuery) {
    return this.units.list(user, q);
  }

  @ApiCreatedResponse({ type: UnitResponse })
  @ApiErrors(400, 403, 409)
  @Roles('street', 'admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUnitDto) {
    return this.units.create(user, body);
  }

  @ApiOkResponse({ type: UnitResponse })
  @ApiErrors(400, 403, 404)
  @Roles('street', 'admin')
  @Patch(':code')
  patch(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: PatchUnitDto) {
    return this.units.patch(user, code, body);
  }
}
