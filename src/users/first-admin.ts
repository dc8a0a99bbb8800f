import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { ROLES, type Role } from '../auth/role';
import { UserRepository, type UserRecord } from '../auth/user.repository';
import { Department } from '../catalog/department.entity';
import { Region } from '../jurisdiction/region.entity';
import { RegionTree } from '../jurisdiction/region-tree';
import { AuditRepository } from './audit.repository';
import { shapeErrors } from './user-rules';
import { MIN_PASSWORD_LENGTH } from './users.dto';

export const NO_ADMIN_HINT =
  'No active admin user: set ADMIN_USERNAME and ADMIN_PASSWORD (at least 10 characters) and restart, ' +
  'or run `npm run user:create -- --username <name> --password <password> --role admin`';

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  regionCode?: string | null;
  departmentCode?: string | null;
}

/**
 * Creates a user outside the API (start-up bootstrap, `npm run user:create`), with the same shape
 * rules and an audit entry with no actor. An admin's region defaults to the district; a database
 * without regions yet (no demo city) gets an admin with no region, which an admin does not need.
 */
export async function createAccount(db: DataSource, a: NewAccount): Promise<UserRecord> {
  if (!ROLES.includes(a.role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
  if (a.password.length < MIN_PASSWORD_LENGTH) throw new Error(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const tree = new RegionTree(await db.getRepository(Region).find({ select: { code: true, name: true, level: true, parentCode: true } }));
  const district = tree.all().find((r) => r.level === 'district');
  const regionCode = a.regionCode ?? (a.role === 'admin' ? (district?.code ?? null) : null);
  const shape = { role: a.role, regionCode, departmentCode: a.departmentCode ?? null };
  if (!(a.role === 'admin' && !district && !regionCode)) {
    const departments = new Set((await db.getRepository(Department).find({ select: { code: true } })).map((d) => d.code));
    const errors = shapeErrors(shape, tree, (c) => departments.has(c));
    if (errors.length > 0) throw new Error(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
  const passwordHash = await hashPassword(a.password);
  const users = new UserRepository(db);
  const audit = new AuditRepository(db);
  return db.transaction(async (em) => {
    const user = await users.insert(em, { ...shape, username: a.username, displayName: a.displayName ?? a.username, passwordHash });
    await audit.record(em, {
      actorId: null,
      action: 'user.created',
      targetId: user.id,
      detail: { after: { role: user.role, regionCode: user.regionCode, departmentCode: user.departmentCode, active: true }, via: 'bootstrap' },
    });
    return user;
  });
}

/** At start (under the migration lock): the first admin from ADMIN_USERNAME/ADMIN_PASSWORD, or one line saying how. */
export async function ensureFirstAdmin(db: DataSource, admin: { username: string; password: string } | undefined): Promise<void> {
  const log = new Logger('Accounts');
  if ((await new UserRepository(db).countActiveAdmins()) > 0) return;
  if (!admin) return log.warn(NO_ADMIN_HINT);
  const user = await createAccount(db, { ...admin, role: 'admin', displayName: '系统管理员' });
  log.log(`first admin ${user.username} created from ADMIN_USERNAME`);
}
