import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';

/**
 * A throttler with budgets of its own, read from the config, instead of ThrottlerModule.forRoot's
 * per-client ones — the per-user write limit, Open311's per-key and per-client limits.
 */
@Injectable()
export abstract class OwnBudgetThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    protected readonly config: ConfigService<AppConfig, true>,
  ) {
    super(options, storage, reflector);
  }

  protected abstract budgets(): ThrottlerOptions[];

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.budgets();
  }
}
