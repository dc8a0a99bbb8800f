import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { Outage } from '../../database/outage-log';
import { WebhookRepository, type WebhookRow } from './webhook.repository';

/**
 * The active webhooks, in memory, so that the outbox hook on the intake's hot path knows who
 * subscribes to what without a statement. Reloaded whole: at once after a registration or deletion
 * on this instance (before its answer leaves), and every `pollMs` (1 s) on every instance for the
 * changes made elsewhere. The table holds a handful of rows: reading them all costs what reading a
 * version number would, with no ordering subtleties between concurrent registrations.
 *
 * Registration is not retroactive, and this is the window: the hook reads this list at the end of a
 * change's transaction, just before COMMIT. A change is recorded for a new webhook if its hook runs
 * after this instance loaded a list that includes it. So
 * - changes committed before the registration committed are never recorded;
 * - on the instance that registered, every change whose hook runs after the 201 was sent is recorded
 *   (the list is reloaded between the registration's commit and the answer);
 * - on another instance, every change whose hook runs later than one poll period plus one load (≈ 1 s)
 *   after the registration's commit is recorded;
 * - a change in between — its hook ran on an instance that had not reloaded yet — may or may not be,
 *   even if it commits after the registration. (While the database is away no change commits, and the
 *   list stays as last loaded.)
 * Deletion is symmetric: rows a change records in that window for a deleted webhook are never sent.
 */
@Injectable()
export class WebhookRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRegistry.name);
  private readonly outage = new Outage(this.logger, 'webhook list refresh');
  private byEvent = new Map<string, WebhookRow[]>();
  private all: WebhookRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Loaded before the service listens: no change is taken in by an instance that knows no webhook yet.
    await this.reload().catch((e) => this.logger.warn(`webhook list not loaded at start: ${(e as Error).message}`));
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The webhooks subscribed to `event` (no copy: do not change it). */
  subscribers(event: string): readonly WebhookRow[] {
    return this.byEvent.get(event) ?? [];
  }

  get active(): readonly WebhookRow[] {
    return this.all;
  }

  get(id: string): WebhookRow | undefined {
    return this.all.find((w) => w.id === id);
  }

  /** Loads the list now; a load already running is waited for, then one more starts (it may predate the caller's commit). */
  async reload(): Promise<void> {
    while (this.loading) await this.loading;
    this.loading = this.webhooks
      .active()
      .then((rows) => {
        const byEvent = new Map<string, WebhookRow[]>();
        for (const w of rows) for (const e of w.events) byEvent.set(e, [...(byEvent.get(e) ?? []), w]);
        this.all = rows;
        this.byEvent = byEvent;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private schedule(): void {
    if (this.stopped) return;
    const period = this.config.get('webhooks', { infer: true }).pollMs;
    this.timer = setTimeout(() => {
      this.reload()
        .then(() => this.outage.succeeded())
        .catch((e) => (isDatabaseUnavailable(e) ? this.outage.failed(e) : this.logger.error(`webhook list refresh failed: ${(e as Error).stack}`)))
        .finally(() => this.schedule());
    }, this.outage.backoff(period));
    this.timer.unref();
  }
}
