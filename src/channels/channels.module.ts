import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { HotlineImportController } from './hotline-import.controller';
import { HotlineImportService } from './hotline-import.service';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The doors other systems come in by (一口受理): 12345 work-order imports; and webhooks, the way out to them. */
@Module({ imports: [CasesModule, WebhooksModule], controllers: [HotlineImportController], providers: [HotlineImportService] })
export class ChannelsModule {}
