import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { REQUEST_TYPES, type RequestType } from '../cases/case.entity';

/** A CSV cell is a string: '' is absent, and numbers are read as numbers. */
const blank = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : value);
const num = ({ value }: { value: unknown }) =>
  value === '' || value === null || value === undefined ? undefined : typeof value === 'string' ? Number(value) : value;

/**
 * The platform's exports write local time without an offset ('2026-11-30 09:15:00'): that is the
 * district's clock (Asia/Shanghai, UTC+8 all year, as src/exports/table.ts writes it back).
 */
const districtTime = ({ value }: { value: unknown }) => {
  if (value === '' || value === null) return undefined;
  const local = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/.exec(value.trim()) : null;
  return local ? `${local[1]}T${local[2]}+08:00` : value;
};

/** One 12345 work order of an import (API.md, Channels): the contract's field names, as JSON or CSV. */
export class HotlineRowDto {
  @Transform(blank)
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'externalRef must be 1–64 printable ASCII characters' })
  externalRef: string;
  @Transform(blank) @IsOptional() @IsIn(REQUEST_TYPES) requestType?: RequestType;
  @Transform(blank) @IsString() @Length(1, 16) categoryCode: string;
  @Transform(blank) @IsString() @Length(1, 2000) description: string;
  @Transform(blank) @IsOptional() @IsString() @MaxLength(200) address?: string;
  @Transform(num) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) lat?: number;
  @Transform(num) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) lng?: number;
  @Transform(blank) @IsOptional() @IsString() @Length(1, 64) gridCode?: string;
  @Transform(blank) @IsOptional() @IsString() @MaxLength(50) reporterName?: string;
  @Transform(blank) @IsOptional() @Matches(/^\+?[0-9][0-9 -]{4,19}$/, { message: 'reporterPhone must be a phone number' }) reporterPhone?: string;
  @Transform(districtTime) @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
  @Transform(blank) @IsOptional() @IsIn(['normal', 'urgent']) priority?: 'normal' | 'urgent';
}
