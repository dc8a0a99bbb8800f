import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { notFound } from '../../common/domain-error';
import { hashApiKey, isApiKeyShaped, newApiKey } from './api-key-secret';
import { ApiKeyRepository, type ApiKeyRow } from './api-key.repository';

const view = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdBy: k.createdBy,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** Keys for outside systems (Open311 apps): made by admins, shown once, checked on every use. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: ApiKeyRepository,
  ) {}

  /** The new key, in full this once: only its hash is kept. */
  async create(user: AuthUser, name: string) {
    const made = newApiKey();
    const row = await this.keys.create(this.db.manager, { name, prefix: made.prefix, hash: made.hash, createdBy: user.id });
    return { ...view(row), key: made.key };
  }

  async list() {
    return { items: (await this.keys.list(this.db.manager)).map(view) };
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.keys.revoke(this.db.manager, id))) throw notFound('API key');
  }

  /** The live key `text` names, or null (malformed, unknown or revoked). */
  async verify(text: unknown): Promise<{ id: string; name: string } | null> {
    if (!isApiKeyShaped(text)) return null;
    return this.keys.liveByHash(this.db.manager, hashApiKey(text));
  }
}
