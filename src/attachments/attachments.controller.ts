import { Controller, Get, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { AttachmentResponse } from './attachment.responses';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { AttachmentsService, MAX_ATTACHMENT_BYTES } from './attachments.service';

/**
 * Only the one `file` part is read. A few small text fields are tolerated (form libraries add
 * some); more fields, parts or header lines, or longer ones, are refused with 400 while parsing,
 * before they cost memory (multer would otherwise keep up to 1 MB per field, without a count limit).
 */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export const UPLOAD_LIMITS = {
  fileSize: MAX_ATTACHMENT_BYTES,
  files: 1,
  fields: 10,
  parts: 11,
  fieldSize: 4096,
  fieldNameSize: 100,
  headerPairs: 20,
};

@ApiTags('attachments')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** multipart field `file`: JPEG, PNG or WebP up to 10 MB (413 larger, 415 another type). */
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiErrors(400, 403, 413, 415)
  @Post()
  @Roles('inspector', 'neighbourhood', 'area', 'street', 'liaison', 'admin') // not the read-only wall (display)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: UPLOAD_LIMITS }))
  upload(@CurrentUser() user: AuthUser, @UploadedFile() file: { buffer: Buffer; size: number } | undefined) {
    return this.attachments.store({ user }, file);
  }

  @ApiOkResponse({
    description: 'the image as uploaded',
    content: Object.fromEntries(IMAGE_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiErrors(400, 404)
  @Get(':id')
  async download(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    const { contentType, bytes } = await this.attachments.read(user, id);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(bytes);
  }
}
