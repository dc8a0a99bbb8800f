import { Module } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository';
import { OutboxRepository } from './outbox.repository';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookRegistry } from './webhook-registry';
import { WebhookRepository } from './webhook.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Signed webhooks through an outbox (API.md › Channels › Webhooks). */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookRepository, OutboxRepository, DeliveryRepository, WebhookRegistry, WebhookOutbox, WebhookDispatcher, WebhooksService],
})
export class WebhooksModule {}
