import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks through an outbox: the subscriptions, one outbox row per (event × webhook) written in the
 * change's own transaction, and every delivery attempt. A webhook is deleted softly (`deleted_at`): a
 * change committing in the moment after a deletion may still write a row for it, which must not fail
 * the change on the foreign key; such rows are never sent and are purged.
 */
export class Webhooks1795448000000 implements MigrationInterface {
  name = 'Webhooks1795448000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url         text NOT NULL,
        events      text[] NOT NULL,
        secret      text NOT NULL,
        created_by  uuid REFERENCES app_user(id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        deleted_at  timestamptz
      )`);
    await q.query(`
      CREATE TABLE webhook_outbox (
        id            bigserial PRIMARY KEY,
        webhook_id    uuid NOT NULL REFERENCES webhook(id),
        event_id      uuid NOT NULL,
        event         text NOT NULL,
        body          text NOT NULL,
        state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts      int NOT NULL DEFAULT 0,
        next_at       timestamptz DEFAULT now(),
        created_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    // The dispatcher's claim: per webhook, the due pending rows, oldest due first.
    await q.query(`CREATE INDEX webhook_outbox_due ON webhook_outbox (webhook_id, next_at) WHERE state = 'pending'`);
    // The cleanup: finished rows by age.
    await q.query(`CREATE INDEX webhook_outbox_finished ON webhook_outbox (finished_at) WHERE state <> 'pending'`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id           bigserial PRIMARY KEY,
        outbox_id    bigint NOT NULL REFERENCES webhook_outbox(id) ON DELETE CASCADE,
        webhook_id   uuid NOT NULL REFERENCES webhook(id),
        event_id     uuid NOT NULL,
        event        text NOT NULL,
        attempt      int NOT NULL,
        at           timestamptz NOT NULL DEFAULT now(),
        status_code  int,
        error        text,
        duration_ms  int NOT NULL,
        outcome      text NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed'))
      )`);
    await q.query(`CREATE INDEX webhook_delivery_by_webhook ON webhook_delivery (webhook_id, id DESC)`);
    await q.query(`CREATE INDEX webhook_delivery_outbox ON webhook_delivery (outbox_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_outbox`);
    await q.query(`DROP TABLE webhook`);
  }
}
