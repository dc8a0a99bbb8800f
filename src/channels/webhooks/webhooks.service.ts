import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { isIP } from 'node:net';
import type { AuthUser } from '../../auth/auth-user';
import { invalid, notFound } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { AddressGuard } from './address-guard';
import { DeliveryRepository } from './delivery.repository';
import type { CreateWebhookDto, DeliveryQuery } from './webhooks.dto';
import { WebhookRegistry } from './webhook-registry';
import { WebhookRepository, type WebhookRow } from './webhook.repository';

const view = (w: WebhookRow) => ({ id: w.id, url: w.url, events: w.events, createdBy: w.createdBy, createdAt: w.createdAt.toISOString() });

/** Registering, listing and deleting webhooks (admin), and their attempts. */
@Injectable()
export class WebhooksService {
  private readonly guard: AddressGuard;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly registry: WebhookRegistry,
    config: ConfigService<AppConfig, true>,
  ) {
    this.guard = new AddressGuard(config.get('webhooks', { infer: true }).allowPrivate);
  }

  async create(user: AuthUser, body: CreateWebhookDto) {
    const url = this.checkUrl(body.url);
    const row = await this.webhooks.create({ url, events: body.events, secret: body.secret, createdBy: user.id });
    // Known to this instance's outbox before the 201 leaves (webhook-registry.ts: the window).
    await this.registry.reload();
    return view(row);
  }

  async list() {
    return { items: (await this.webhooks.active()).map(view) };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw notFound('webhook');
    await this.registry.reload();
  }

  async attempts(id: string, q: DeliveryQuery) {
    if (!(await this.webhooks.get(id))) throw notFound('webhook');
    return this.deliveries.list(id, q);
  }

  /**
   * http(s) only, no credentials (they would be listed back); a literal address the guard refuses is
   * refused now. A host name is judged at each delivery, on what it resolves to then.
   */
  private checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalid('url', 'url must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', 'url must be http or https');
    if (url.username || url.password) throw invalid('url', 'url must not carry credentials; receivers check X-Signature');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const refused = isIP(host) ? this.guard.refusal(host) : null;
    if (refused) throw invalid('url', `url is refused: ${refused}`);
    return url.href;
  }
}
