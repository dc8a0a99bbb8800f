import { Type } from 'class-transformer';
import { REQUEST_TYPES, type RequestType } from '../case.entity';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class LocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) lat: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) lng: number;
}

export class ContactDto {
  @IsOptional() @IsString() @MaxLength(50) name?: string;
  @IsOptional() @IsString() @Matches(/^\+?[0-9][0-9 -]{4,19}$/, { message: 'phone must be a phone number' }) phone?: string;
}

/** POST /api/cases — one-window intake by inspectors, hotline and wall operators. */
export class CreateCaseDto {
  @IsString() @Length(1, 16) categoryCode: string;
  @IsString() @Length(1, 2000) description: string;
  @IsOptional() @ValidateNested() @Type(() => LocationDto) location?: LocationDto;
  @IsOptional() @IsString() @Length(1, 64) gridCode?: string;
  @IsOptional() @IsString() @MaxLength(200) address?: string;
  @IsOptional() @IsIn(['patrol', 'hotline', 'wall']) source?: 'patrol' | 'hotline' | 'wall';
  @IsOptional() @IsIn(['normal', 'urgent']) priority?: 'normal' | 'urgent';
  @IsOptional() @ValidateNested() @Type(() => ContactDto) reporter?: ContactDto;
  @IsOptional() @IsArray() @ArrayMaxSize(9) @IsUUID('all', { each: true }) photos?: string[];
  @IsOptional() @IsBoolean() resolvedOnSite?: boolean;
  /** The 12345 work order's number and kind (hotline cases only): a second case with the number is a 409. */
  @IsOptional() @IsString() @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'externalRef must be 1–64 printable ASCII characters' }) externalRef?: string;
  @IsOptional() @IsIn(REQUEST_TYPES) requestType?: RequestType;
  /** When the hotline platform took the call (ISO 8601 with offset). */
  @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
}

/**
 * POST /api/public/reports — a resident's report from the QR code on the notice board. With `gridCode`
 * (the QR code's grid) the location is optional: the phone's position counts only inside that grid.
 */
export class PublicReportDto {
  @IsString() @Length(1, 16) categoryCode: string;
  @IsString() @Length(1, 2000) description: string;
  @ValidateIf((o: PublicReportDto) => o.gridCode === undefined || o.location !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;
  @IsOptional() @IsString() @Length(1, 64) gridCode?: string;
  @IsOptional() @IsString() @MaxLength(200) address?: string;
  @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
  /** Photos this form uploaded (POST /api/public/attachments with the same Idempotency-Key). */
  @IsOptional() @IsArray() @ArrayMaxSize(3) @IsUUID('all', { each: true }) photos?: string[];
}
