import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One event for one webhook, as the change's transaction records it. */
export interface OutboxEntry {
  webhookId: string;
  eventId: string;
  event: string;
  /** The exact bytes POSTed (and signed) on every attempt. */
  body: string;
}

/** A row the dispatcher holds: its lease runs until `next_at`; `attempt` is this attempt's number and its claim token. */
export interface ClaimedEntry extends OutboxEntry {
  id: string;
  attempt: number;
  /** Milliseconds between the event and this claim (the database's clock). */
  ageMs: number;
}

/** How an attempt ended for its row: delivered, tried again in `retryInMs`, or given up. */
export interface Settlement {
  id: string;
  attempt: number;
  state: 'delivered' | 'pending' | 'failed';
  retryInMs: number | null;
}

/** The one owner of `webhook_outbox` SQL. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** In the change's transaction: every entry in one multi-row INSERT. */
  async record(em: EntityManager, entries: OutboxEntry[]): Promise<void> {
    await em.query(
      `INSERT INTO webhook_outbox (webhook_id, event_id, event, body)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])`,
      [entries.map((e) => e.webhookId), entries.map((e) => e.eventId), entries.map((e) => e.event), entries.map((e) => e.body)],
    );
  }

  /**
   * Takes up to `room` due rows of each webhook, oldest due first, and leases them for `leaseMs`: the
   * lease is `next_at` itself, so a row whose instance died mid-attempt is due again when it runs out.
   * SKIP LOCKED keeps instances apart; the row lock lasts only this statement, never an HTTP call.
   */
  async claim(rooms: { webhookId: string; room: number }[], leaseMs: number): Promise<ClaimedEntry[]> {
    if (rooms.length === 0) return [];
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [{ id: string; webhook_id: string; event_id: string; event: string; body: string; attempts: number; age_ms: number }[], number] =
      await this.db.query(
        `UPDATE webhook_outbox o SET attempts = o.attempts + 1, next_at = now() + $3 * interval '1 millisecond'
         FROM (
           SELECT d.id FROM unnest($1::uuid[], $2::int[]) AS w(id, room)
           CROSS JOIN LATERAL (
             SELECT x.id FROM webhook_outbox x
             WHERE x.webhook_id = w.id AND x.state = 'pending' AND x.next_at <= now()
             ORDER BY x.next_at LIMIT w.room
             FOR UPDATE SKIP LOCKED
           ) d
         ) due
         WHERE o.id = due.id
         RETURNING o.id, o.webhook_id, o.event_id, o.event, o.body, o.attempts,
                   (extract(epoch FROM now() - o.created_at) * 1000)::float8 AS age_ms`,
        [rooms.map((r) => r.webhookId), rooms.map((r) => r.room), leaseMs],
      );
    return rows.map((r) => ({
      id: String(r.id),
      webhookId: r.webhook_id,
      eventId: r.event_id,
      event: r.event,
      body: r.body,
      attempt: r.attempts,
      ageMs: r.age_ms,
    }));
  }

  /**
   * The attempts' outcomes, in bulk. A row is settled only by the attempt that holds it (`attempts`
   * still equal to its claim): one whose lease ran out and was taken again is left to the later one.
   */
  async settle(em: EntityManager, settlements: Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    await em.query(
      `UPDATE webhook_outbox o
       SET state = s.state,
           next_at = CASE WHEN s.state = 'pending' THEN now() + s."retryInMs" * interval '1 millisecond' END,
           finished_at = CASE WHEN s.state = 'pending' THEN NULL ELSE now() END
       FROM jsonb_to_recordset($1::jsonb) AS s(id bigint, attempt int, state text, "retryInMs" float8)
       WHERE o.id = s.id AND o.attempts = s.attempt AND o.state = 'pending'`,
      [JSON.stringify(settlements)],
    );
  }

  /**
   * Up to `batch` rows that need keeping no longer — delivered or failed more than `days` days ago, and
   * any row of a deleted webhook — are deleted (their attempts with them); answers how many.
   */
  async purge(days: number, batch: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.db.query(
      `DELETE FROM webhook_outbox WHERE id IN (
         (SELECT id FROM webhook_outbox WHERE state <> 'pending' AND finished_at < now() - $1 * interval '1 day' LIMIT $2)
         UNION ALL
         (SELECT o.id FROM webhook_outbox o JOIN webhook w ON w.id = o.webhook_id WHERE w.deleted_at IS NOT NULL LIMIT $2)
       )`,
      [days, batch],
    );
    return count;
  }
}
