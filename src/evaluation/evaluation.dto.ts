import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FORMATS, type Format } from '../exports/table';
import { UNIT_KINDS, type UnitKind } from '../stats/indicators';
import { RATE_NAMES, type RateName } from './domain/scheme';

export const SCHEME_CODE = /^[a-z0-9][a-z0-9-]{0,31}$/;

const FORMAT = { message: 'format must be json, csv or xlsx' };

export class IndicatorsQuery {
  @IsIn(UNIT_KINDS) groupBy: UnitKind;
  @IsString() period: string;
  @IsOptional() @IsIn(FORMATS, FORMAT) format?: Format;
}

export class ScorecardsQuery {
  @Matches(SCHEME_CODE, { message: 'scheme must be a scheme code' }) scheme: string;
  @IsString() period: string;
  @IsOptional() @IsIn(FORMATS, FORMAT) format?: Format;
}

export class PublishQuery {
  @Matches(SCHEME_CODE, { message: 'scheme must be a scheme code' }) scheme: string;
}

export class MetricDto {
  @IsIn(RATE_NAMES) metric: RateName;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) weight: number;
}

export class ComponentDto {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'key must be lower-case letters, digits, - or _ (at most 32)' }) key: string;
  @IsString() @Length(1, 64) name: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) weight: number;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => MetricDto) metrics?: MetricDto[];
  @IsOptional() @Equals(true, { message: 'manual must be true when given' }) manual?: true;
}

export class SchemeDto {
  @IsString() @Length(1, 64) name: string;
  @IsIn(UNIT_KINDS) groupBy: UnitKind;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ComponentDto) components: ComponentDto[];
}

export class ScoreItemDto {
  @IsString() @Length(1, 64) code: string;
  @IsString() @Length(1, 32) component: string;
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0) @Max(100) score: number;
  @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class ScoresDto {
  @Matches(SCHEME_CODE, { message: 'scheme must be a scheme code' }) scheme: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ScoreItemDto) items: ScoreItemDto[];
}
