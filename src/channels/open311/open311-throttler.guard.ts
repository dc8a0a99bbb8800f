import { ExecutionContext, Injectable } from '@nestjs/common';
import { normalizeIp, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import { OwnBudgetThrottlerGuard } from '../../common/own-budget-throttler.guard';
import { Open311Error } from './open311-errors';
import type { KeyedRequest } from './open311-key.guard';

const isPost = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<KeyedRequest>().method === 'POST';

/**
 * Open311's own budgets: service requests per minute per API key (OPEN311_RATE_LIMIT), so one app
 * cannot flood the intake whatever addresses it posts from; reads per minute per client address
 * (OPEN311_READ_RATE_LIMIT), as TRUST_PROXY allows. Runs after Open311KeyGuard, which names the key.
 * Counted per instance, like the other limits.
 */
@Injectable()
export class Open311ThrottlerGuard extends OwnBudgetThrottlerGuard {
  protected budgets(): ThrottlerOptions[] {
    return [
      {
        name: 'open311-key',
        ttl: 60_000,
        limit: this.config.get('open311RateLimit', { infer: true }),
        skipIf: (ctx) => !isPost(ctx),
        getTracker: (req) => (req as KeyedRequest).open311Key?.id ?? normalizeIp(String(req.ip)),
        generateKey: (_ctx, tracker, name) => `${name}:${tracker}`,
      },
      {
        name: 'open311-read',
        ttl: 60_000,
        limit: this.config.get('open311ReadRateLimit', { infer: true }),
        skipIf: isPost,
        getTracker: (req) => normalizeIp(String(req.ip)),
        generateKey: (_ctx, tracker, name) => `${name}:${tracker}`,
      },
    ];
  }

  protected override async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.setResponseHeader(ctx.switchToHttp().getResponse(), 'Retry-After', detail.timeToBlockExpire);
    throw new Open311Error(429, isPost(ctx) ? 'Too many service requests with this api_key; retry later' : 'Too many requests; retry later');
  }
}
