import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from './role';

/** Documentation types for /api/docs: the login answer. */

export class TokenUserBody {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true }) regionCode: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
  @ApiProperty() displayName: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <accessToken>`' }) accessToken: string;
  @ApiProperty({ type: () => TokenUserBody }) user: TokenUserBody;
}
