import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from './auth-user';
import { ROLES } from './role';
import { UserRepository } from './user.repository';

/** Verified tokens kept, so a busy client's every request does not re-verify its signature. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * How long a user's token version is believed without asking PostgreSQL again. A revocation is
 * also broadcast to every instance (LiveGateway), which drops the entry at once; this bound holds
 * when that message is lost (an instance reconnecting to the database, say).
 */
export const VERSION_TTL_MS = 2000;

/** What a token says: the user, the version of the user's tokens it belongs to, and its expiry. */
export interface Session {
  user: AuthUser;
  version: number;
  expiresAt: number;
}

/** Issues and reads access tokens; shared by the HTTP guard and the live gateway. */
@Injectable()
export class TokenService {
  private readonly verified = new Map<string, Session>();
  /** userId → its current token version (null: disabled or gone), and when that was read. */
  private readonly versions = new Map<string, { at: number; version: Promise<number | null> }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
  ) {}

  issue(user: AuthUser, version: number): Promise<string> {
    const { id, ...claims } = user;
    return this.jwt.signAsync({ ...claims, ver: version }, { subject: id });
  }

  async read(token: string | undefined): Promise<AuthUser> {
    return (await this.readSession(token)).user;
  }

  /** A valid, unexpired token whose user has not been disabled or changed since it was issued. */
  async readSession(token: string | undefined): Promise<Session> {
    if (!token) throw new DomainError('unauthenticated', 'Missing bearer token');
    let session = this.verified.get(token);
    if (!session || session.expiresAt <= Date.now()) {
      session = await this.verify(token);
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
      this.verified.set(token, session);
    }
    const [current] = await this.currentVersions([session.user.id]);
    if (current !== session.version) throw new DomainError('unauthenticated', 'Token revoked; log in again');
    return session;
  }

  /** Whether each session is still current (same order); one query for the users not cached. */
  async stillValid(sessions: Session[]): Promise<boolean[]> {
    const versions = await this.currentVersions(sessions.map((s) => s.user.id));
    return sessions.map((s, i) => versions[i] === s.version && s.expiresAt > Date.now());
  }

  /** The user's tokens were revoked (here or on another instance): ask PostgreSQL next time. */
  forget(userId: string): void {
    this.versions.delete(userId);
  }

  private async currentVersions(ids: string[]): Promise<(number | null)[]> {
    const now = Date.now();
    const stale = [...new Set(ids)].filter((id) => {
      const entry = this.versions.get(id);
      return !entry || now - entry.at >= VERSION_TTL_MS;
    });
    if (stale.length > 0) {
      const fetched = this.users.liveVersions(stale);
      // A failed read is not remembered: the next request asks again.
      fetched.catch(() => stale.forEach((id) => this.versions.delete(id)));
      if (this.versions.size + stale.length > VERIFIED_CACHE_SIZE) this.versions.clear();
      for (const id of stale) this.versions.set(id, { at: now, version: fetched.then((m) => m.get(id) ?? null) });
    }
    return Promise.all(ids.map((id) => this.versions.get(id)!.version));
  }

  private async verify(token: string): Promise<Session> {
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
      displayName: typeof claims.displayName === 'string' ? claims.displayName : '',
    };
    // Tokens issued before versions existed carry none: they belong to version 0.
    return { user, version: Number(claims.ver ?? 0), expiresAt: Number(claims.exp ?? 0) * 1000 };
  }
}
