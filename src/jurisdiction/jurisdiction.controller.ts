import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from './region-level';
import { JurisdictionService } from './jurisdiction.service';

export class RegionListQuery {
  @IsOptional() @IsIn(REGION_LEVELS) level?: RegionLevel;
  @IsOptional() @IsString() @MaxLength(64) parentCode?: string;
}

export class LocateQuery {
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLatitude() lat: number;
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLongitude() lng: number;
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('regions')
export class JurisdictionController {
  constructor(private readonly jurisdiction: JurisdictionService) {}

  @Get()
  list(@Query() q: RegionListQuery) {
    const items = this.jurisdiction.regions
      .all()
      .filter((r) => (!q.level || r.level === q.level) && (q.parentCode === undefined || r.parentCode === q.parentCode))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }));
    return { items };
  }

  @Get('locate')
  locate(@Query() q: LocateQuery) {
    return this.jurisdiction.locate(q.lat, q.lng);
  }

  @Get(':code')
  async get(@Param('code') code: string) {
    const { path: _path, ...region } = await this.jurisdiction.detail(code);
    return { ...region, children: this.jurisdiction.regions.children(code).sort() };
  }
}
