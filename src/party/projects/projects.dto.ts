import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { PROJECT_STATUSES, type ProjectStatus } from '../domain/party-types';
import { REGION_CODE, UNIT_CODE } from '../units/units.dto';

export class MilestoneDto {
  @IsString() @Length(1, 100) title: string;
  @IsISO8601({ strict: true }) dueAt: string;
}

export class CreateProjectDto {
  @IsString() @Length(1, 100) title: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true }) demandIds: string[];
  @Matches(UNIT_CODE, { message: 'leadUnitCode must be a unit code' }) leadUnitCode: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(UNIT_CODE, { each: true, message: 'partnerUnitCodes must be unit codes' })
  partnerUnitCodes?: string[];
  @IsInt() @Min(2000) @Max(2100) year: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0) @Max(1e11) fundsCny?: number;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MilestoneDto) milestones: MilestoneDto[];
}

export class ProjectListQuery extends PageQuery {
  @IsOptional() @Matches(REGION_CODE, { message: 'regionCode must be a region code' }) regionCode?: string;
  @IsOptional() @IsIn(PROJECT_STATUSES) status?: ProjectStatus;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}
