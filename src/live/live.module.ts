import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { LiveGateway } from './live.gateway';
import { SessionWatch } from './session-watch';
import { StatsPusher } from './stats-pusher';

@Module({ imports: [StatsModule], providers: [LiveGateway, StatsPusher, SessionWatch] })
export class LiveModule {}
