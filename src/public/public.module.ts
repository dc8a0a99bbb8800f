import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PublicController } from './public.controller';
import { PublicReportsService } from './public-reports.service';

@Module({ imports: [CasesModule], controllers: [PublicController], providers: [PublicReportsService] })
export class PublicModule {}
