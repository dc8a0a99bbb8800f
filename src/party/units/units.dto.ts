import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { UNIT_KINDS, type UnitKind } from '../domain/party-types';

export const UNIT_CODE = /^[A-Za-z0-9_-]{1,64}$/;
const UNIT_CODE_MESSAGE = { message: 'code must be letters, digits, - or _ (at most 64)' };
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const PHONE_MESSAGE = { message: 'phone must be a phone number (digits, spaces, -; 5 to 20)' };
export const REGION_CODE = /^[A-Za-z0-9-]{1,64}$/;

export class ContactDto {
  @IsString() @Length(1, 32) name: string;
  @Matches(PHONE, PHONE_MESSAGE) phone: string;
}

export class ContactPatchDto {
  @IsOptional() @IsString() @Length(1, 32) name?: string;
  @IsOptional() @Matches(PHONE, PHONE_MESSAGE) phone?: string;
}

export class CreateUnitDto {
  @Matches(UNIT_CODE, UNIT_CODE_MESSAGE) code: string;
  @IsString() @Length(1, 64) name: string;
  @IsIn(UNIT_KINDS) kind: UnitKind;
  @Matches(REGION_CODE, { message: 'regionCode must be a region code' }) regionCode: string;
  @ValidateNested() @Type(() => ContactDto) contact: ContactDto;
}

export class PatchUnitDto {
  @IsOptional() @IsString() @Length(1, 64) name?: string;
  @IsOptional() @IsIn(UNIT_KINDS) kind?: UnitKind;
  @IsOptional() @Matches(REGION_CODE, { message: 'regionCode must be a region code' }) regionCode?: string;
  @IsOptional() @ValidateNested() @Type(() => ContactPatchDto) contact?: ContactPatchDto;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class UnitListQuery extends PageQuery {
  @IsOptional() @Matches(REGION_CODE, { message: 'regionCode must be a region code' }) regionCode?: string;
  @IsOptional() @IsIn(UNIT_KINDS) kind?: UnitKind;
  @IsOptional() @IsString() @Length(1, 64) q?: string;
}
