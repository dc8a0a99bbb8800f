import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { HotlineImportController } from './hotline-import.controller';
import { HotlineImportService } from './hotline-import.service';
import { WebhooksModule } from './webhooks/webhooks.module';
import { Open311BodyMiddleware } from './open311/open311-body.middleware';
import { Open311Controller } from './open311/open311.controller';
import { Open311IntakeService } from './open311/open311-intake.service';
import { Open311KeyGuard } from './open311/open311-key.guard';
import { Open311ReadsService } from './open311/open311-reads.service';
import { Open311ServicesService } from './open311/open311-services.service';

/** The doors other systems come in by (一口受理): 12345 work-order imports, Open311 apps (with their API keys); and webhooks, the way out to them. */
@Module({
  imports: [CasesModule, ApiKeysModule, WebhooksModule],
  controllers: [HotlineImportController, Open311Controller],
  providers: [HotlineImportService, Open311ServicesService, Open311IntakeService, Open311ReadsService, Open311KeyGuard],
})
export class ChannelsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(Open311BodyMiddleware).forRoutes(Open311Controller);
  }
}
