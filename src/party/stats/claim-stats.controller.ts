import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { ClaimStatsQuery } from '../lists/lists.dto';
import { ClaimStatsResponse } from '../lists/lists.responses';
import { ClaimStatsService } from './claim-stats.service';

@ApiTags('party')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('stats')
export class ClaimStatsController {
  constructor(private readonly stats: ClaimStatsService) {}

  @ApiOkResponse({ type: ClaimStatsResponse })
  @ApiErrors(400, 403, 404)
  @Roles('inspector', 'neighbourhood', 'area', 'street', 'display', 'admin')
  @Get('claims')
  claims(@CurrentUser() user: AuthUser, @Query() q: ClaimStatsQuery) {
    return this.stats.of(user, q.regionCode, q.year);
  }
}
