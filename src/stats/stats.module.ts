import { Module } from '@nestjs/common';
import { IndicatorRepository } from './indicator.repository';
import { IndicatorsService } from './indicators.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController],
  providers: [StatsService, IndicatorsService, IndicatorRepository],
  exports: [StatsService, IndicatorsService],
})
export class StatsModule {}
