import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerException, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import { OwnBudgetThrottlerGuard } from '../common/own-budget-throttler.guard';
import type { AuthUser } from './auth-user';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes per minute by one logged-in user, over every route together (`USER_WRITE_RATE_LIMIT`):
 * a stolen token or a runaway client cannot flood the case tables. Registered after AuthGuard,
 * so `req.user` is known; reads, public routes and login are left to the per-client limit.
 */
@Injectable()
export class UserWriteThrottlerGuard extends OwnBudgetThrottlerGuard {
  protected budgets(): ThrottlerOptions[] {
    return [
      {
        name: 'user-write',
        ttl: 60_000,
        limit: this.config.get('userWriteRateLimit', { infer: true }),
        setHeaders: false,
        getTracker: (req) => (req.user as AuthUser).id,
        generateKey: (_ctx, userId, name) => `${name}:${userId}`,
      },
    ];
  }

  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest();
    return !req.user || !WRITES.has(req.method);
  }

  protected override async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.setResponseHeader(ctx.switchToHttp().getResponse(), 'Retry-After', detail.timeToBlockExpire);
    throw new ThrottlerException('Too many changes by this user; retry later');
  }
}
