import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { Open311Error } from './open311-errors';

/** The key a POST came with, for the rate limit and the timeline. */
export type KeyedRequest = Request & { open311Key?: { id: string; name: string } };

/**
 * GeoReport v2: posting a service request requires an API key (403 otherwise); reads do not. The key
 * is looked up on every POST — one indexed read — so a revoked key is refused at once on every instance.
 * A guard, so that it answers before the body is validated: a bad key is a 403 whatever else is wrong.
 */
@Injectable()
export class Open311KeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<KeyedRequest>();
    if (req.method !== 'POST') return true;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof body === 'object' && body !== null ? body.api_key : undefined) ?? req.query.api_key;
    if (sent === undefined || sent === '') throw new Open311Error(403, 'api_key is required to post a service request');
    const key = await this.keys.verify(sent);
    if (!key) throw new Open311Error(403, "Invalid api_key received -- can't proceed with create_request.");
    req.open311Key = key;
    return true;
  }
}
