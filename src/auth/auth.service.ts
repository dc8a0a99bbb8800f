import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from './auth-user';
import { hashPassword, verifyPassword } from './password';
import { TokenService } from './token.service';
import { User } from './user.entity';

@Injectable()
export class AuthService {
  /** Compared for unknown usernames, so that timing does not tell which names exist. */
  private dummyHash?: Promise<string>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: AuthUser }> {
    const row = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const ok = await verifyPassword(password, row?.passwordHash ?? (await this.dummyHash));
    if (!row || !ok) throw new DomainError('unauthenticated', 'Wrong username or password');
    const user: AuthUser = {
      id: row.id,
      username: row.username,
      role: row.role,
      regionCode: row.regionCode,
      departmentCode: row.departmentCode,
      displayName: row.displayName,
    };
    return { accessToken: await this.tokens.issue(user), user };
  }
}
