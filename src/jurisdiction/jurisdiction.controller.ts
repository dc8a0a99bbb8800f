import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { PlacementResponse, RegionDetailResponse, RegionList } from './region.responses';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from './region-level';
import { JurisdictionService } from './jurisdiction.service';

export class RegionListQuery {
  @IsOptional() @IsIn(REGION_LEVELS) level?: RegionLevel;
  @IsOptional() @IsString() @MaxLength(64) parentCode?: string;
  /** Include each region's GeoJSON boundary (for maps: one request instead of one per region). */
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() withBoundary?: boolean;
}

export class LocateQuery {
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLatitude() lat: number;
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLongitude() lng: number;
}

@ApiTags('reference data')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('regions')
export class JurisdictionController {
  constructor(private readonly jurisdiction: JurisdictionService) {}

  @ApiOkResponse({ type: RegionList })
  @ApiErrors(400)
  @Get()
  async list(@Query() q: RegionListQuery) {
    const items = this.jurisdiction.regions
      .all()
      .filter((r) => (!q.level || r.level === q.level) && (q.parentCode === undefined || r.parentCode === q.parentCode))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }));
    if (!q.withBoundary) return { items };
    const boundaries = await this.jurisdiction.boundaries(items.map((r) => r.code));
    return { items: items.map((r) => ({ ...r, ...boundaries.get(r.code) })) };
  }

  @ApiOkResponse({ type: PlacementResponse })
  @ApiErrors(400, 422)
  @Get('locate')
  locate(@Query() q: LocateQuery) {
    return this.jurisdiction.locate(q.lat, q.lng);
  }

  @ApiOkResponse({ type: RegionDetailResponse })
  @ApiErrors(404)
  @Get(':code')
  async get(@Param('code') code: string) {
    const { path: _path, ...region } = await this.jurisdiction.detail(code);
    return { ...region, children: this.jurisdiction.regions.children(code).sort() };
  }
}
