import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PublicCategoriesController, PublicController } from './public.controller';
import { PublicReportsService } from './public-reports.service';

@Module({ imports: [CasesModule], controllers: [PublicController, PublicCategoriesController], providers: [PublicReportsService] })
export class PublicModule {}
