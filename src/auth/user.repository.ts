import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { conflict } from '../common/domain-error';
import { decodeCursor, pageOf, type Page } from '../common/pagination';
import type { Role } from './role';
import { User } from './user.entity';

/** A user row as the service reads it: never the password hash. */
export type UserRecord = Omit<User, 'passwordHash'>;

export interface UserFilter {
  q?: string;
  role?: Role;
  /** Only users holding one of these regions; undefined = no restriction. */
  regionCodes?: string[];
  active?: boolean;
  limit?: number;
  cursor?: string;
}

export type NewUser = Pick<User, 'username' | 'displayName' | 'role' | 'regionCode' | 'departmentCode' | 'passwordHash'>;
export type UserChange = Partial<Pick<User, 'displayName' | 'role' | 'regionCode' | 'departmentCode' | 'active' | 'passwordHash'>>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The one owner of `app_user` SQL (the demo seed aside). */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** An active user with its hash, for a password check; disabled users are as good as unknown. */
  findCredentials(username: string): Promise<User | null> {
    return this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    const row = await this.db.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
    return row?.passwordHash;
  }

  async touchLogin(id: string): Promise<void> {
    await this.db.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [id]);
  }

  /** The current token version of each user, if it may still hold tokens (active). */
  async liveVersions(ids: string[]): Promise<Map<string, number>> {
    const rows: { id: string; token_version: number }[] = await this.db.query(
      `SELECT id, token_version FROM app_user WHERE id = ANY($1::uuid[]) AND active`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.token_version]));
  }

  /** With `lock`, the row stays locked until the transaction ends (read-then-write of one user). */
  findById(id: string, em: EntityManager = this.db.manager, lock = false): Promise<UserRecord | null> {
    const qb = em.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findByUsername(username: string): Promise<UserRecord | null> {
    return this.db.getRepository(User).findOneBy({ username });
  }

  async list(f: UserFilter): Promise<Page<UserRecord>> {
    const limit = f.limit ?? 50;
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    if (f.regionCodes) qb.andWhere('u.regionCode = ANY(:codes)', { codes: f.regionCodes });
    if (f.role) qb.andWhere('u.role = :role', { role: f.role });
    if (f.active !== undefined) qb.andWhere('u.active = :active', { active: f.active });
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      qb.andWhere(new Brackets((b) => b.where('u.username ILIKE :like', { like }).orWhere('u.displayName ILIKE :like')));
    }
    const after = decodeCursor(f.cursor);
    if (after) qb.andWhere('(u.createdAt, u.id) < (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    const rows = await qb
      .orderBy('u.createdAt', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return pageOf(rows, limit, (r) => r);
  }

  async countActiveAdmins(em: EntityManager = this.db.manager): Promise<number> {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`);
    return n;
  }

  async insert(em: EntityManager, user: NewUser): Promise<UserRecord> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO app_user (username, password_hash, role, region_code, department_code, display_name)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.role, user.regionCode, user.departmentCode, user.displayName],
    );
    if (rows.length === 0) throw conflict(`Username ${user.username} is taken`);
    return (await this.findById(rows[0].id, em))!;
  }

  /** Applies a change; with `revoke`, also bumps the token version so every token issued so far ends. */
  async update(em: EntityManager, id: string, change: UserChange, revoke: boolean): Promise<UserRecord> {
    const set = Object.entries(change).filter(([, v]) => v !== undefined);
    if (set.length > 0 || revoke) {
      await em
        .createQueryBuilder()
        .update(User)
        .set({
          ...Object.fromEntries(set),
          ...(revoke ? { tokenVersion: () => 'token_version + 1' } : {}),
        })
        .where('id = :id', { id })
        .execute();
    }
    return (await this.findById(id, em))!;
  }
}
