import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeIdCursor, encodeIdCursor, type Page } from '../common/pagination';

export interface AuditRecord {
  /** null: done outside the API (the first-admin bootstrap, `npm run user:create`). */
  actorId: string | null;
  action: 'user.created' | 'user.updated' | 'user.password_changed';
  targetId: string;
  /** `{ before, after }` of the fields that changed; never a password or hash. */
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  userId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
}

export interface AuditView {
  id: string;
  at: string;
  actor: { id: string; username: string } | null;
  action: string;
  target: { id: string; username: string } | null;
  detail: Record<string, unknown>;
}

/** The one owner of `audit_entry` SQL: written in the change's transaction, read newest first. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(em: EntityManager, r: AuditRecord): Promise<void> {
    await em.query(`INSERT INTO audit_entry (actor_id, action, target_id, detail) VALUES ($1, $2, $3, $4)`, [
      r.actorId,
      r.action,
      r.targetId,
      JSON.stringify(r.detail),
    ]);
  }

  /** Entries where the user acted or was acted on, newest first. */
  async list(f: AuditFilter): Promise<Page<AuditView>> {
    const limit = f.limit ?? 50;
    const before = decodeIdCursor(f.cursor);
    const rows: Array<{ id: string; at: Date; action: string; detail: Record<string, unknown> } & Record<string, string | null>> =
      await this.db.query(
        `SELECT e.id, e.at, e.action, e.detail, a.id AS actor_id, a.username AS actor_name, t.id AS target_id, t.username AS target_name
           FROM audit_entry e
           LEFT JOIN app_user a ON a.id = e.actor_id
           LEFT JOIN app_user t ON t.id = e.target_id
          WHERE ($1::uuid IS NULL OR e.actor_id = $1 OR e.target_id = $1)
            AND ($2::timestamptz IS NULL OR e.at >= $2)
            AND ($3::timestamptz IS NULL OR e.at <= $3)
            AND ($4::bigint IS NULL OR e.id < $4)
          ORDER BY e.id DESC
          LIMIT $5`,
        [f.userId ?? null, f.from ?? null, f.to ?? null, before ?? null, limit + 1],
      );
    const more = rows.length > limit;
    const served = more ? rows.slice(0, limit) : rows;
    return {
      items: served.map((r) => ({
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        actor: r.actor_id ? { id: r.actor_id, username: r.actor_name! } : null,
        action: r.action,
        target: r.target_id ? { id: r.target_id, username: r.target_name! } : null,
        detail: r.detail,
      })),
      nextCursor: more ? encodeIdCursor(String(served[served.length - 1].id)) : null,
    };
  }
}
