import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../auth/role';
import { PageQuery } from '../common/pagination';
import { OptionalNotNull } from '../common/validation';

export const MIN_PASSWORD_LENGTH = 10;

const Password = () => (target: object, key: string) => {
  IsString()(target, key);
  MinLength(MIN_PASSWORD_LENGTH, { message: `${key} must be at least ${MIN_PASSWORD_LENGTH} characters` })(target, key);
  MaxLength(200)(target, key);
};

/** A code, or null to clear it (PATCH); absent leaves it as it is. */
const NullableCode = () => (target: object, key: string) => {
  ValidateIf((_o, v) => v !== null && v !== undefined)(target, key);
  IsString()(target, key);
  Length(1, 100)(target, key);
};

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class UserListQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(ROLES) role?: Role;
  @IsOptional() @IsString() @Length(1, 100) regionCode?: string;
  @IsOptional() @Transform(booleanQuery) @IsBoolean() active?: boolean;
}

export class CreateUserDto {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, { message: 'username must be 2–64 letters, digits, dot, dash or underscore' })
  username: string;
  @IsString() @Length(1, 100) displayName: string;
  @IsIn(ROLES) role: Role;
  @NullableCode() regionCode?: string | null;
  @NullableCode() departmentCode?: string | null;
  @Password() password: string;
}

export class PatchUserDto {
  @OptionalNotNull() @IsString() @Length(1, 100) displayName?: string;
  @OptionalNotNull() @IsIn(ROLES) role?: Role;
  @NullableCode() regionCode?: string | null;
  @NullableCode() departmentCode?: string | null;
  @OptionalNotNull() @IsBoolean() active?: boolean;
  @OptionalNotNull() @Password() password?: string;
}

export class PasswordChangeDto {
  @IsString() @MinLength(1) @MaxLength(200) currentPassword: string;
  @Password() newPassword: string;
}

export class AuditQuery extends PageQuery {
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @Type(() => Date) @IsDate({ message: 'from must be an ISO 8601 time' }) from?: Date;
  @IsOptional() @Type(() => Date) @IsDate({ message: 'to must be an ISO 8601 time' }) to?: Date;
}
