import { Controller, Headers, Post, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiCreatedResponse, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { UPLOAD_LIMITS } from '../attachments/attachments.controller';
import { AttachmentsService } from '../attachments/attachments.service';
import { Public } from '../auth/decorators';
import { ApiErrors } from '../common/api-responses';
import { requiredFormKey } from './form-key';

/** Documentation type for /api/docs: a resident's stored photo. */
export class PublicAttachmentResponse {
  @ApiProperty({ format: 'uuid', description: 'name it in the report’s `photos`, sent with the same Idempotency-Key' }) id: string;
}

/**
 * A resident's photo (照片): no token, rate-limited. It belongs to the form that sent it — the
 * report must carry the same Idempotency-Key to name it — and is served only to staff who can see
 * the case it ends up on; the resident's pages never show it back.
 */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@ApiErrors(429, 503)
@Controller('public/attachments')
export class PublicAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** multipart field `file`: JPEG, PNG or WebP up to 10 MB (413 larger, 415 another type). */
  @ApiCreatedResponse({ type: PublicAttachmentResponse })
  @ApiErrors(400, 413, 415)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'the key the report will be sent with (16–200 characters)' })
  @ApiConsumes('multipart/form-data')
  @Post()
  @UseInterceptors(FileInterceptor('file', { limits: UPLOAD_LIMITS }))
  async upload(@Headers('idempotency-key') key: string | undefined, @UploadedFile() file: { buffer: Buffer; size: number } | undefined) {
    const { id } = await this.attachments.store({ formKey: requiredFormKey(key) }, file);
    return { id };
  }
}
