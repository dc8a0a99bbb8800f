import { Global, Module } from '@nestjs/common';
import { DeadlineRepository } from './deadline.repository';

@Global()
@Module({ providers: [DeadlineRepository], exports: [DeadlineRepository] })
export class SlaModule {}
