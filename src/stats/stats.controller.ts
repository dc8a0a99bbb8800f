import { ApiExport } from '../exports/api-export';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { HotspotsResponse, OverviewResponse, RankingResponse } from './stats.responses';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { StatsService, type RankingGroup } from './stats.service';
import { exportFile } from '../exports/export-file';
import { FORMATS, isFileFormat, type Format } from '../exports/table';
import { rankingTable } from './ranking.export';
import { HOTSPOT_DAYS, HOTSPOT_MIN, HotspotsService } from './hotspots.service';

export class OverviewQuery {
  @IsOptional() @IsString() @Length(1, 64) regionCode?: string;
}

export class RankingQuery {
  @IsIn(['department', 'street', 'area']) groupBy: RankingGroup;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @IsIn(FORMATS, { message: 'format must be json, csv or xlsx' }) format?: Format;
}

const between = (field: string, r: { min: number; max: number }) => ({ message: `${field} must be a whole number from ${r.min} to ${r.max}` });

export class HotspotsQuery {
  @IsOptional() @IsString() @Length(1, 64) regionCode?: string;
  @IsOptional()
  @Type(() => Number)
  @IsInt(between('days', HOTSPOT_DAYS))
  @Min(HOTSPOT_DAYS.min, between('days', HOTSPOT_DAYS))
  @Max(HOTSPOT_DAYS.max, between('days', HOTSPOT_DAYS))
  days?: number;
  @IsOptional()
  @Type(() => Number)
  @IsInt(between('min', HOTSPOT_MIN))
  @Min(HOTSPOT_MIN.min, between('min', HOTSPOT_MIN))
  @Max(HOTSPOT_MIN.max, between('min', HOTSPOT_MIN))
  min?: number;
}

@ApiTags('statistics')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly hotspotsOf: HotspotsService,
  ) {}

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

  @ApiOkResponse({ type: HotspotsResponse })
  @ApiErrors(400, 403, 404)
  @Get('hotspots')
  hotspots(@CurrentUser() user: AuthUser, @Query() q: HotspotsQuery) {
    return this.hotspotsOf.hotspots(user, q);
  }
}
