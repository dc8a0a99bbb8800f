import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIsoDuration } from '../common/is-duration';

export class LadderDto {
  @IsIsoDuration() grid: string;
  @IsIsoDuration() neighbourhood: string;
  @IsIsoDuration() area: string;
  @IsIsoDuration() street: string;
}

export class UrgentLadderDto {
  @IsOptional() @IsIsoDuration() grid?: string;
  @IsOptional() @IsIsoDuration() neighbourhood?: string;
  @IsOptional() @IsIsoDuration() area?: string;
  @IsOptional() @IsIsoDuration() street?: string;
}

/** `sla.urgent`: any of the durations, replacing the normal ones for an urgent case. */
export class UrgentDto {
  @IsOptional() @IsIsoDuration() claim?: string;
  @IsOptional() @IsIsoDuration() handle?: string;
  @IsOptional() @IsIsoDuration() verify?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => UrgentLadderDto) ladder?: UrgentLadderDto;
}

export class SlaPolicyDto {
  @IsIn(['working', 'natural']) calendar: 'working' | 'natural';
  @IsIsoDuration() claim: string;
  @IsIsoDuration() handle: string;
  @IsIsoDuration() verify: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) warnRatio: number;
  @IsObject() @ValidateNested() @Type(() => LadderDto) ladder: LadderDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => UrgentDto) urgent?: UrgentDto;
}

/** PUT /api/categories/:code — the whole category, as GET returns it. */
export class CategoryDto {
  @IsOptional() @IsString() code?: string;
  @IsString() @Length(1, 100) name: string;
  @IsString() @Length(1, 100) class: string;
  @IsString() @Length(1, 32) leadDepartmentCode: string;
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsString({ each: true }) assistDepartmentCodes: string[];
  @IsIn(['grid', 'neighbourhood', 'area', 'street', 'department']) entryRung: 'grid' | 'neighbourhood' | 'area' | 'street' | 'department';
  @IsIn(['normal', 'urgent']) priority: 'normal' | 'urgent';
  @IsObject() @ValidateNested() @Type(() => SlaPolicyDto) sla: SlaPolicyDto;
}
