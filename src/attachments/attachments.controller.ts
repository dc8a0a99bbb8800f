import { Controller, Get, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { AttachmentsService, MAX_ATTACHMENT_BYTES } from './attachments.service';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** multipart field `file`: JPEG, PNG or WebP up to 10 MB (413 larger, 415 another type). */
  @Post()
  @Roles('inspector', 'neighbourhood', 'area', 'street', 'liaison', 'admin') // not the read-only wall (display)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  upload(@CurrentUser() user: AuthUser, @UploadedFile() file: { buffer: Buffer; size: number } | undefined) {
    return this.attachments.store(user, file);
  }

  @Get(':id')
  async download(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    const { contentType, bytes } = await this.attachments.read(user, id);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(bytes);
  }
}
