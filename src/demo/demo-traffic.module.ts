import { Module } from '@nestjs/common';
import { DemoTrafficService } from './demo-traffic.service';

/** The simulated city (DEMO_TRAFFIC): idle unless the configuration turns it on. */
@Module({ providers: [DemoTrafficService], exports: [DemoTrafficService] })
export class DemoTrafficModule {}
