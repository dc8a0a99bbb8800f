import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeIdCursor, encodeIdCursor, type Page } from '../../common/pagination';

/** One attempt to deliver one event to one webhook. */
export interface Attempt {
  outboxId: string;
  webhookId: string;
  eventId: string;
  event: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: 'delivered' | 'retrying' | 'failed';
}

export interface AttemptView {
  id: string;
  eventId: string;
  event: string;
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: Attempt['outcome'];
}

/** The one owner of `webhook_delivery` SQL: every attempt, written in bulk, read newest first. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(em: EntityManager, attempts: Attempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await em.query(
      `INSERT INTO webhook_delivery (outbox_id, webhook_id, event_id, event, attempt, status_code, error, duration_ms, outcome)
       SELECT "outboxId", "webhookId", "eventId", event, attempt, "statusCode", error, "durationMs", outcome
       FROM jsonb_to_recordset($1::jsonb) AS a("outboxId" bigint, "webhookId" uuid, "eventId" uuid, event text, attempt int,
                                               "statusCode" int, error text, "durationMs" int, outcome text)`,
      [JSON.stringify(attempts)],
    );
  }

  async list(webhookId: string, q: { eventId?: string; limit?: number; cursor?: string }): Promise<Page<AttemptView>> {
    const limit = q.limit ?? 50;
    const before = decodeIdCursor(q.cursor);
    const params: unknown[] = [webhookId, limit + 1];
    const where = [`webhook_id = $1`];
    if (q.eventId) where.push(`event_id = $${params.push(q.eventId)}`);
    if (before) where.push(`id < $${params.push(before)}`);
    const rows: (Omit<AttemptView, 'at' | 'id'> & { id: string; at: Date })[] = await this.db.query(
      `SELECT id, event_id AS "eventId", event, attempt, at, status_code AS "statusCode", error, duration_ms AS "durationMs", outcome
       FROM webhook_delivery WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $2`,
      params,
    );
    const more = rows.length > limit;
    const served = more ? rows.slice(0, limit) : rows;
    return {
      items: served.map((r) => ({ ...r, id: String(r.id), at: r.at.toISOString() })),
      nextCursor: more ? encodeIdCursor(String(served[served.length - 1].id)) : null,
    };
  }
}
