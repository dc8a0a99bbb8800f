import { ApiProperty } from '@nestjs/swagger';

/** Documentation type for /api/docs: a stored upload. */
export class AttachmentResponse {
  @ApiProperty({ format: 'uuid', description: 'refer to it in `photos`' }) id: string;
  @ApiProperty({ example: '/api/attachments/00000000-0000-4000-8000-000000000000' }) url: string;
  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'image/webp'] }) contentType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
}
