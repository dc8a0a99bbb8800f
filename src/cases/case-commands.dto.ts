import { FORMATS, type Format } from '../exports/table';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsIsoDuration } from '../common/is-duration';
import { PageQuery } from '../common/pagination';
import type { Satisfaction } from './rating.entity';
import { CASE_STATUSES, RUNGS, LADDER, type CaseStatus, type Rung } from './domain/case-types';

/**
 * Attachment ids from POST /api/attachments. May be left out, but not sent as `null`: IsOptional would
 * let null through, and the commands default only a missing list.
 */
export const Photos = () =>
  applyDecorators(
    ValidateIf((_dto, value) => value !== undefined),
    IsArray(),
    ArrayMaxSize(9),
    IsUUID('all', { each: true }),
  );

export class ResolveDto {
  @IsString() @Length(1, 2000) note: string;
  @Photos() photos?: string[];
}

export class ReasonDto {
  @IsString() @Length(1, 2000) reason: string;
}

export class WhistleDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 32, { each: true }) departmentCodes: string[];
  @IsString() @Length(1, 2000) reason: string;
}

export class DispatchDto {
  @IsIn([...LADDER, 'department']) rung: Rung;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 32, { each: true }) departmentCodes?: string[];
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class VerifyDto {
  @IsBoolean() passed: boolean;
  @IsString() @Length(1, 2000) note: string;
  @Photos() photos?: string[];
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CaseListQuery extends PageQuery {
  @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @IsOptional() @IsIn(RUNGS) rung?: Rung;
  @IsOptional() @IsString() @Length(1, 64) regionCode?: string;
  @IsOptional() @IsString() @Length(1, 32) departmentCode?: string;
  @IsOptional() @IsString() @Length(1, 16) categoryCode?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @IsOptional() @IsString() @Length(1, 100) q?: string;
  @IsOptional() @IsIn(FORMATS, { message: 'format must be json, csv or xlsx' }) format?: Format;
}

/** 督办: what is pressed, and optionally by when (an ISO 8601 duration on the category's clock). */
export class SuperviseDto {
  @IsString() @Length(1, 2000) note: string;
  @IsOptional() @IsIsoDuration() dueIn?: string;
}

/** 回访: whether the reporter was reached, and if so what they said. */
export class CallbackDto {
  @IsBoolean() reached: boolean;
  @IsOptional() @IsBoolean() resolved?: boolean;
  /** Only from a reporter who was reached (checked with the command). */
  @IsOptional() @IsIn(['satisfied', 'basic', 'unsatisfied']) satisfaction?: Satisfaction;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
