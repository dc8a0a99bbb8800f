import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, invalid, notFound } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { Attachment } from './attachment.entity';
import { sniffImageType } from './image-type';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Photos on disk under DATA_DIR/attachments, described by a row; the row commits last. */
@Injectable()
export class AttachmentsService {
  private readonly dir: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<AppConfig, true>,
  ) {
    this.dir = join(config.get('dataDir', { infer: true }), 'attachments');
  }

  async store(user: AuthUser, file: { buffer: Buffer; size: number } | undefined) {
    if (!file) throw invalid('file', 'file is required (multipart field "file")');
    const contentType = sniffImageType(file.buffer);
    if (!contentType) throw new DomainError('unsupported_media', 'Only JPEG, PNG and WebP images are accepted');
    const id = randomUUID();
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `${id}.part`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(file.buffer);
      await handle.sync(); // acknowledged means durable
    } finally {
      await handle.close();
    }
    await rename(temp, join(this.dir, id));
    try {
      await this.db.getRepository(Attachment).insert({
        id,
        contentType,
        size: file.size,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        uploadedBy: user.id,
      });
    } catch (e) {
      await rm(join(this.dir, id), { force: true });
      throw e;
    }
    return { id, url: `/api/attachments/${id}`, contentType, size: file.size };
  }

  async read(id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const row = await this.db.getRepository(Attachment).findOneBy({ id });
    if (!row) throw notFound('Attachment');
    return { contentType: row.contentType, bytes: await readFile(join(this.dir, id)) };
  }
}
