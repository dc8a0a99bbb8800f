import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { Outage } from '../../database/outage-log';
import { ALL_EVENTS } from '../../events/domain-events';
import { AddressGuard } from './address-guard';
import { DeliveryRepository, type Attempt } from './delivery.repository';
import { OutboxRepository, type ClaimedEntry, type Settlement } from './outbox.repository';
import { settle, signature } from './retry-policy';
import { Connections, sendWebhook, type SendResult } from './webhook-sender';
import { WebhookRegistry } from './webhook-registry';

/** Attempts in flight to one webhook at most: a slow or dead receiver holds only its own lane. */
const PER_ENDPOINT = 8;
/** Attempts in flight on this instance at most. */
const IN_FLIGHT = 64;
/** How long a claimed row stays this instance's: well beyond one attempt's timeout (15 s with the default 5 s). */
const lease = (timeoutMs: number) => 2 * timeoutMs + 5000;
/** Finished rows are kept this many days (the deliveries list shows their attempts), then purged. */
export const KEEP_DAYS = 7;
const PURGE_EVERY_MS = 10 * 60_000;
const PURGE_BATCH = 1000;

/**
 * Sends the outbox, in the background and apart from every request: an instance claims due rows
 * (a lease, FOR UPDATE SKIP LOCKED, so instances share the work and each attempt is made once),
 * POSTs them with a timeout, then records each attempt and its outcome in bulk — no row lock is held
 * across an HTTP call. At least once: a row is done only once its 2xx is recorded; an instance that
 * dies mid-attempt leaves a lease that runs out, and another instance (or the next start) tries again.
 * Not in order: attempts run concurrently and retries overtake, so receivers order by `at` and
 * de-duplicate by `id`.
 *
 * Woken at once, in-process, by the after-commit emit of an event someone subscribes to; other
 * instances' rows are found by the poll every `pollMs` (1 s). Rides through database outages as the
 * SLA sweeper does: back off, log once, carry on.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly outage = new Outage(this.logger, 'webhook deliveries');
  private readonly guard: AddressGuard;
  private readonly connections = new Connections();
  private readonly inFlight = new Map<string, number>();
  private readonly attempts = new Set<Promise<void>>();
  private finished: { attempt: Attempt; settlement: Settlement }[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WebhookRegistry,
    private readonly outbox: OutboxRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly events: EventEmitter2,
    private readonly config: ConfigService<AppConfig, true>,
  ) {
    this.guard = new AddressGuard(this.settings.allowPrivate);
  }

  private get settings() {
    return this.config.get('webhooks', { infer: true });
  }

  onApplicationBootstrap(): void {
    for (const name of ALL_EVENTS) this.events.on(name, () => this.registry.subscribers(name).length > 0 && this.wake());
    this.schedule(0); // rows left due by a previous run go at once
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.purgeTimer);
    await this.ticking;
    // Attempts under way finish (each within its timeout) and are recorded; what is not is retried after its lease.
    await Promise.allSettled([...this.attempts]);
    await this.flush().catch(() => undefined);
    this.connections.close();
  }

  /** Look for due rows now (coalesced with a look already under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.ticking = this.tick().finally(() => {
      this.ticking = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), delay);
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      full = await this.claimAndSend();
      this.outage.succeeded();
    } catch (e) {
      if (isDatabaseUnavailable(e)) this.outage.failed(e);
      else this.logger.error(`webhook claim failed: ${(e as Error).stack}`);
    }
    // A full claim may have left more due rows: look again as soon as a lane frees (wake() on each finish).
    if (!full) this.schedule(this.outage.backoff(this.settings.pollMs));
  }

  /** Claims what the free lanes can take, starts each attempt; true when every lane asked for was filled. */
  private async claimAndSend(): Promise<boolean> {
    if (this.finished.length > 0) await this.flush(); // attempts a failed flush left queued
    let budget = IN_FLIGHT - this.attempts.size;
    const rooms: { webhookId: string; room: number }[] = [];
    for (const w of this.registry.active) {
      const room = Math.min(PER_ENDPOINT - (this.inFlight.get(w.id) ?? 0), budget);
      if (room <= 0) continue;
      rooms.push({ webhookId: w.id, room });
      budget -= room;
    }
    if (rooms.length === 0) return false;
    const claimed = await this.outbox.claim(rooms, lease(this.settings.timeoutMs));
    for (const entry of claimed) this.start(entry);
    return claimed.length > 0 && claimed.length === rooms.reduce((n, r) => n + r.room, 0);
  }

  private start(entry: ClaimedEntry): void {
    this.inFlight.set(entry.webhookId, (this.inFlight.get(entry.webhookId) ?? 0) + 1);
    const attempt = this.attempt(entry).finally(() => {
      this.attempts.delete(attempt);
      const n = (this.inFlight.get(entry.webhookId) ?? 1) - 1;
      if (n > 0) this.inFlight.set(entry.webhookId, n);
      else this.inFlight.delete(entry.webhookId);
      this.wake(); // a lane is free: its webhook may have more due
    });
    this.attempts.add(attempt);
  }

  private async attempt(entry: ClaimedEntry): Promise<void> {
    const webhook = this.registry.get(entry.webhookId);
    const s = this.settings;
    const result: SendResult = webhook
      ? await sendWebhook(
          webhook.url,
          entry.body,
          {
            'x-signature': signature(webhook.secret, entry.body),
            'x-event': entry.event,
            'x-event-id': entry.eventId,
            'x-attempt': String(entry.attempt),
          },
          this.guard,
          s.timeoutMs,
          this.connections,
        )
      : { statusCode: null, error: 'webhook deleted', durationMs: 0 };
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const outcome = settle(ok, entry.attempt, entry.ageMs + result.durationMs, { baseMs: s.retryBaseMs, maxMs: s.retryMaxMs, giveUpMs: s.giveUpMs });
    this.finished.push({
      attempt: {
        outboxId: entry.id,
        webhookId: entry.webhookId,
        eventId: entry.eventId,
        event: entry.event,
        attempt: entry.attempt,
        statusCode: result.statusCode,
        error: result.error?.slice(0, 500) ?? null,
        durationMs: result.durationMs,
        outcome: outcome.state === 'pending' ? 'retrying' : outcome.state,
      },
      settlement: { id: entry.id, attempt: entry.attempt, ...outcome },
    });
    await this.flush();
  }

  /**
   * Writes the finished attempts in one transaction (their attempts and their rows' outcomes, in bulk):
   * attempts that finish while one flush is written go in the next. Should the database be away, they
   * stay queued and go with a later flush; if the process ends first, their leases run out and the
   * rows are tried again (at least once).
   */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.finished.length === 0) return;
    const batch = this.finished;
    this.finished = [];
    this.flushing = this.db
      .transaction(async (em) => {
        await this.deliveries.record(
          em,
          batch.map((b) => b.attempt),
        );
        await this.outbox.settle(
          em,
          batch.map((b) => b.settlement),
        );
      })
      .catch((e) => {
        this.finished.unshift(...batch);
        if (isDatabaseUnavailable(e)) this.outage.failed(e);
        else this.logger.error(`recording webhook attempts failed: ${(e as Error).stack}`);
      })
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /** Cheap and batched: a thousand rows a statement, until none is left to purge. */
  private async purge(): Promise<void> {
    try {
      while (!this.stopped && (await this.outbox.purge(KEEP_DAYS, PURGE_BATCH)) >= PURGE_BATCH);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) this.logger.error(`webhook outbox purge failed: ${(e as Error).stack}`);
    }
  }
}
