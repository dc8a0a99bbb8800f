import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { HotlineImportController } from './hotline-import.controller';
import { HotlineImportService } from './hotline-import.service';

/** The doors other systems come in by (一口受理): 12345 work-order imports. */
@Module({ imports: [CasesModule], controllers: [HotlineImportController], providers: [HotlineImportService] })
export class ChannelsModule {}
