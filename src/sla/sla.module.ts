import { Global, Module } from '@nestjs/common';
import { DeadlinePlanner } from './deadline-planner';

@Global()
@Module({ providers: [DeadlinePlanner], exports: [DeadlinePlanner] })
export class SlaModule {}
