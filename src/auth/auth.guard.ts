import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden } from '../common/domain-error';
import { IS_PUBLIC, ROLES_KEY } from './decorators';
import type { Role } from './role';
import { TokenService } from './token.service';

/** Global guard: a valid bearer token on every route not marked @Public, and the route's @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    req.user = await this.tokens.read(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw forbidden(`Role ${req.user.role} may not do this`);
    }
    return true;
  }
}
