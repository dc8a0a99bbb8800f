import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CasesModule } from '../cases/cases.module';
import { PublicAttachmentsController } from './public-attachments.controller';
import { PublicCategoriesController, PublicController } from './public.controller';
import { PublicReportsService } from './public-reports.service';

@Module({
  imports: [CasesModule, AttachmentsModule],
  controllers: [PublicController, PublicCategoriesController, PublicAttachmentsController],
  providers: [PublicReportsService],
  exports: [PublicReportsService],
})
export class PublicModule {}
