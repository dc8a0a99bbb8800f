import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { DEMAND_STATUSES, type DemandStatus } from '../domain/party-types';
import { REGION_CODE, UNIT_CODE } from '../units/units.dto';

const REGION = { message: 'regionCode must be a region code' };
const UNIT = { message: 'unitCode must be a unit code' };

export class ClassesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsString({ each: true }) @Length(1, 32, { each: true }) items: string[];
}

export class CreateDemandDto {
  @Matches(REGION_CODE, REGION) regionCode: string;
  @IsString() @Length(1, 32) class: string;
  @IsString() @Length(1, 100) title: string;
  @IsOptional() @IsString() @Length(0, 2000) detail?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsUUID('all', { each: true }) caseIds?: string[];
}

export class DemandListQuery extends PageQuery {
  @IsOptional() @Matches(REGION_CODE, REGION) regionCode?: string;
  @IsOptional() @IsIn(DEMAND_STATUSES) status?: DemandStatus;
  @IsOptional() @IsString() @Length(1, 32) class?: string;
}

export class CreateResourceDto {
  @Matches(UNIT_CODE, UNIT) unitCode: string;
  @IsString() @Length(1, 32) class: string;
  @IsString() @Length(1, 100) title: string;
  @IsOptional() @IsString() @Length(0, 2000) detail?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) capacity?: number;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(REGION_CODE, { each: true, message: 'regionCodes must be region codes' })
  regionCodes: string[];
}

export class ResourceListQuery extends PageQuery {
  @IsOptional() @Matches(UNIT_CODE, UNIT) unitCode?: string;
  @IsOptional() @IsString() @Length(1, 32) class?: string;
  @IsOptional() @Matches(REGION_CODE, REGION) regionCode?: string;
}

export class ClaimDemandDto {
  @Matches(UNIT_CODE, UNIT) unitCode: string;
  @IsOptional() @IsUUID('all') resourceId?: string;
  @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class ClaimResourceDto {
  @Matches(REGION_CODE, REGION) regionCode: string;
  @IsOptional() @IsUUID('all') demandId?: string;
  @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class ClaimStatsQuery {
  @IsOptional() @Matches(REGION_CODE, REGION) regionCode?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}
