import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from './auth-user';
import { ROLES } from './role';

/** Verified tokens kept, so a busy client's every request does not re-verify its signature. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Issues and reads access tokens; shared by the HTTP guard and the live gateway. */
@Injectable()
export class TokenService {
  private readonly verified = new Map<string, { user: AuthUser; expiresAt: number }>();

  constructor(private readonly jwt: JwtService) {}

  issue(user: AuthUser): Promise<string> {
    const { id, ...claims } = user;
    return this.jwt.signAsync({ ...claims }, { subject: id });
  }

  async read(token: string | undefined): Promise<AuthUser> {
    if (!token) throw new DomainError('unauthenticated', 'Missing bearer token');
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.user;
    const { user, expiresAt } = await this.verify(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, { user, expiresAt });
    return user;
  }

  private async verify(token: string): Promise<{ user: AuthUser; expiresAt: number }> {
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new DomainError('unauthenticated', 'Invalid or expired token');
    }
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as never)) {
      throw new DomainError('unauthenticated', 'Invalid token');
    }
    const user: AuthUser = {
      id: claims.sub,
      username: String(claims.username),
      role: claims.role as AuthUser['role'],
      regionCode: (claims.regionCode as string) ?? null,
      departmentCode: (claims.departmentCode as string) ?? null,
      displayName: String(claims.displayName ?? ''),
    };
    return { user, expiresAt: Number(claims.exp ?? 0) * 1000 };
  }
}
