import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, prefix, created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"`;

/** The one owner of `api_key` SQL. The key itself is never stored: only its hash. */
@Injectable()
export class ApiKeyRepository {
  async create(em: EntityManager, k: { name: string; prefix: string; hash: Buffer; createdBy: string }): Promise<ApiKeyRow> {
    const [row] = await em.query(`INSERT INTO api_key (name, prefix, key_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
      k.name,
      k.prefix,
      k.hash,
      k.createdBy,
    ]);
    return row;
  }

  /** Every key, revoked ones too (for the record), newest first. */
  list(em: EntityManager): Promise<ApiKeyRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM api_key ORDER BY created_at DESC, id DESC`);
  }

  /** Revokes a key (once: a second revocation keeps the first time); null when there is no such key. */
  async revoke(em: EntityManager, id: string): Promise<ApiKeyRow | null> {
    const [rows] = await em.query(`UPDATE api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    return rows[0] ?? null;
  }

  /** The live key with this hash (the unique index), if any: read on every use, so a revocation holds at once everywhere. */
  async liveByHash(em: EntityManager, hash: Buffer): Promise<{ id: string; name: string } | null> {
    const [row] = await em.query(`SELECT id, name FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL`, [hash]);
    return row ?? null;
  }
}
