import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BeforeCommit } from '../../database/before-commit';
import type { DomainEvent } from '../../events/domain-events';
import { OutboxRepository, type OutboxEntry } from './outbox.repository';
import { WebhookRegistry } from './webhook-registry';

/** What a receiver gets: `data` is the live event's payload, as on socket.io /live (no personal data). */
export interface WebhookBody {
  id: string;
  event: string;
  at: string;
  data: unknown;
}

/**
 * The outbox write, registered with UnitOfWork's before-commit hooks: one row per (event × webhook
 * subscribed to it), all in one multi-row INSERT in the change's own transaction, so an event is
 * recorded exactly when its change commits. With nobody subscribed to the events raised, nothing is
 * written and no statement runs. One event has one `id` for all its webhooks.
 */
@Injectable()
export class WebhookOutbox implements OnModuleInit {
  constructor(
    private readonly beforeCommit: BeforeCommit,
    private readonly registry: WebhookRegistry,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.beforeCommit.register((em, events) => this.record(em, events));
  }

  async record(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    let entries: OutboxEntry[] | undefined;
    for (const event of events) {
      const subscribers = this.registry.subscribers(event.name);
      if (subscribers.length === 0) continue;
      const body: WebhookBody = { id: randomUUID(), event: event.name, at: new Date().toISOString(), data: event.payload };
      const text = JSON.stringify(body);
      for (const w of subscribers) (entries ??= []).push({ webhookId: w.id, eventId: body.id, event: event.name, body: text });
    }
    if (entries) await this.outbox.record(em, entries);
  }
}
