import { Module } from '@nestjs/common';
import { HotspotRepository } from './hotspot.repository';
import { HotspotsService } from './hotspots.service';
import { IndicatorRepository } from './indicator.repository';
import { IndicatorsService } from './indicators.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController],
  providers: [StatsService, IndicatorsService, IndicatorRepository, HotspotsService, HotspotRepository],
  exports: [StatsService, IndicatorsService, HotspotsService],
})
export class StatsModule {}
