import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../auth/role';
import { PageOf } from '../common/api-responses';

/** Documentation types for /api/docs: what user-view.ts and the audit repository produce. */

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'street-cq' }) username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true }) regionCode: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class UserRefBody {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
}

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ type: () => UserRefBody, nullable: true, description: 'null: the system (e.g. the first admin)' }) actor: UserRefBody | null;
  @ApiProperty({ example: 'user.created' }) action: string;
  @ApiProperty({ type: () => UserRefBody, nullable: true }) target: UserRefBody | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what changed (never a password)' })
  detail: Record<string, unknown>;
}

export class UserPage extends PageOf(UserResponse) {}
export class AuditPage extends PageOf(AuditEntryResponse) {}
