import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from './auth-user';
import type { Role } from './role';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No token needed (health, login, resident routes). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
