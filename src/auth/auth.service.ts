import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from './auth-user';
import { LoginFailureRepository } from './login-failure.repository';
import { hashPassword, verifyPassword } from './password';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';

/** 429 for a username with too many recent failures; the controller turns `retryAfterS` into Retry-After. */
export class LoginLockedError extends HttpException {
  constructor(readonly retryAfterS: number) {
    super({ message: 'Too many failed logins for this username; retry later', details: [] }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

@Injectable()
export class AuthService {
  /** Compared for unknown usernames, so that timing does not tell which names exist. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly failures: LoginFailureRepository,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: AuthUser }> {
    // Counted per username whether or not it exists, so the limit tells nothing either.
    const attempt = await this.failures.begin(username);
    if (!attempt.allowed) throw new LoginLockedError(attempt.retryAfterS);
    const row = await this.users.findCredentials(username);
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const ok = await verifyPassword(password, row?.passwordHash ?? (await this.dummyHash));
    if (!row || !ok) throw new DomainError('unauthenticated', 'Wrong username or password');
    await Promise.all([this.failures.succeeded(username), this.users.touchLogin(row.id)]);
    const user: AuthUser = {
      id: row.id,
      username: row.username,
      role: row.role,
      regionCode: row.regionCode,
      departmentCode: row.departmentCode,
      displayName: row.displayName,
    };
    return { accessToken: await this.tokens.issue(user, row.tokenVersion), user };
  }
}
