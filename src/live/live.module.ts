import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { LiveGateway } from './live.gateway';
import { StatsPusher } from './stats-pusher';

@Module({ imports: [StatsModule], providers: [LiveGateway, StatsPusher] })
export class LiveModule {}
