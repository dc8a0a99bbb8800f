import { ApiExport } from '../exports/api-export';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { OverviewResponse, RankingResponse } from './stats.responses';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { StatsService, type RankingGroup } from './stats.service';
import { exportFile } from '../exports/export-file';
import { FORMATS, isFileFormat, type Format } from '../exports/table';
import { rankingTable } from './ranking.export';

export class OverviewQuery {
  @IsOptional() @IsString() @Length(1, 64) regionCode?: string;
}

export class RankingQuery {
  @IsIn(['department', 'street', 'area']) groupBy: RankingGroup;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @IsIn(FORMATS, { message: 'format must be json, csv or xlsx' }) format?: Format;
}

@ApiTags('statistics')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @ApiOkResponse({ type: OverviewResponse })
  @ApiErrors(400, 404)
  @Get('overview')
  overview(@CurrentUser() user: AuthUser, @Query() q: OverviewQuery) {
    return this.stats.overview(this.stats.filterFor(user, q.regionCode));
  }

  @ApiOkResponse({ type: RankingResponse })
  @ApiErrors(400, 403)
  @ApiExport()
  @Get('ranking')
  async ranking(@CurrentUser() user: AuthUser, @Query() q: RankingQuery) {
    const ranking = await this.stats.ranking(user, q.groupBy, q.from, q.to);
    return isFileFormat(q.format) ? exportFile(q.format, rankingTable(ranking)) : ranking;
  }
}
