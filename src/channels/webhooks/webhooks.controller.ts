import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors, ListOf, PageOf } from '../../common/api-responses';
import { UuidParam } from '../../common/uuid-param';
import { CreateWebhookDto, DeliveryQuery } from './webhooks.dto';
import { WebhookDeliveryResponse, WebhookResponse } from './webhooks.responses';
import { WebhooksService } from './webhooks.service';

@ApiTags('channels')
@ApiBearerAuth()
@ApiErrors(401, 403, 503)
@Roles('admin')
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Signed POSTs of the chosen events, from the next change on (not retroactive). The secret is not shown again. */
  @ApiCreatedResponse({ type: WebhookResponse })
  @ApiErrors(400)
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateWebhookDto) {
    return this.webhooks.create(user, body);
  }

  @ApiOkResponse({ type: ListOf(WebhookResponse) })
  @Get()
  list() {
    return this.webhooks.list();
  }

  /** Nothing more is sent to it, retries included. */
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(400, 404)
  @HttpCode(204)
  @Delete(':id')
  async delete(@UuidParam() id: string) {
    await this.webhooks.delete(id);
  }

  /** Every attempt, newest first: status code or error, and how long it took. */
  @ApiOkResponse({ type: PageOf(WebhookDeliveryResponse) })
  @ApiErrors(400, 404)
  @Get(':id/deliveries')
  deliveries(@UuidParam() id: string, @Query() q: DeliveryQuery) {
    return this.webhooks.attempts(id, q);
  }
}
