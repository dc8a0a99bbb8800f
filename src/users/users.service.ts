import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import type { Role } from '../auth/role';
import { UserRepository, type UserChange, type UserRecord } from '../auth/user.repository';
import { CatalogService } from '../catalog/catalog.service';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import type { Page } from '../common/pagination';
import { UnitOfWork } from '../database/unit-of-work';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { AuditRepository } from './audit.repository';
import { UserRevokedEvent } from './user-revoked.event';
import { canManageUser, canSeeUser, revokes, shapeErrors, type UserShape } from './user-rules';
import { userView, type UserView } from './user-view';

export interface UserListQuery {
  q?: string;
  role?: Role;
  regionCode?: string;
  active?: boolean;
  limit?: number;
  cursor?: string;
}

export interface CreateUser extends UserShape {
  username: string;
  displayName: string;
  password: string;
}

export type PatchUser = Partial<UserShape & { displayName: string; active: boolean; password: string }>;

/** The fields an audit entry compares (the password only as "changed"). */
const AUDITED = ['displayName', 'role', 'regionCode', 'departmentCode', 'active'] as const;

/** User administration: the admin manages everyone, a street the field users inside it. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly uow: UnitOfWork,
    private readonly jurisdiction: JurisdictionService,
    private readonly catalog: CatalogService,
  ) {}

  async list(actor: AuthUser, q: UserListQuery): Promise<Page<UserView>> {
    const tree = this.jurisdiction.regions;
    let within: string | undefined;
    if (actor.role === 'street') within = actor.regionCode ?? '';
    if (q.regionCode) {
      if (!tree.get(q.regionCode) || (within !== undefined && !tree.isWithin(q.regionCode, within))) throw notFound(`Region ${q.regionCode}`);
      within = q.regionCode;
    }
    const regionCodes = within === undefined ? undefined : this.subtree(within);
    const page = await this.users.list({ ...q, regionCodes });
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }

  async get(actor: AuthUser, id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user || !canSeeUser(actor, user, this.jurisdiction.regions)) throw notFound('User');
    return userView(user);
  }

  async create(actor: AuthUser, body: CreateUser): Promise<UserView> {
    const shape: UserShape = { role: body.role, regionCode: body.regionCode ?? null, departmentCode: body.departmentCode ?? null };
    await this.checkShape(shape);
    if (!canManageUser(actor, shape, this.jurisdiction.regions)) throw forbidden(`A ${actor.role} may not create this user`);
    const passwordHash = await hashPassword(body.password);
    const created = await this.uow.run(async (tx) => {
      const user = await this.users.insert(tx.em, { ...shape, username: body.username, displayName: body.displayName, passwordHash });
      await this.audit.record(tx.em, { actorId: actor.id, action: 'user.created', targetId: user.id, detail: { after: pick(user) } });
      return user;
    });
    return userView(created);
  }

  async update(actor: AuthUser, id: string, patch: PatchUser): Promise<UserView> {
    const tree = this.jurisdiction.regions;
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    const updated = await this.uow.run(async (tx) => {
      const before = await this.users.findById(id, tx.em, true);
      if (!before || !canSeeUser(actor, before, tree)) throw notFound('User');
      if (!canManageUser(actor, before, tree)) throw forbidden(`A ${actor.role} may not change this user`);
      const after = {
        role: patch.role ?? before.role,
        regionCode: patch.regionCode !== undefined ? patch.regionCode : before.regionCode,
        departmentCode: patch.departmentCode !== undefined ? patch.departmentCode : before.departmentCode,
        displayName: patch.displayName ?? before.displayName,
        active: patch.active ?? before.active,
      };
      await this.checkShape(after);
      if (!canManageUser(actor, after, tree)) throw forbidden(`A ${actor.role} may not make this user a ${after.role} at ${after.regionCode}`);
      if (before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active)) {
        if ((await this.users.countActiveAdmins(tx.em)) <= 1) throw conflict('The last active admin cannot be disabled or demoted');
      }
      const change: UserChange = { ...after, passwordHash };
      const revoked = revokes(before, after, passwordHash !== undefined);
      const user = await this.users.update(tx.em, id, change, revoked);
      const detail = diff(before, user);
      if (passwordHash !== undefined) detail.passwordChanged = true;
      await this.audit.record(tx.em, { actorId: actor.id, action: 'user.updated', targetId: id, detail });
      if (revoked) tx.publish(new UserRevokedEvent(id));
      return user;
    });
    return userView(updated);
  }

  private async checkShape(shape: UserShape): Promise<void> {
    const departments = new Set((await this.catalog.departments()).map((d) => d.code));
    const errors = shapeErrors(shape, this.jurisdiction.regions, (c) => departments.has(c));
    if (errors.length > 0) throw new DomainError('invalid', `Invalid ${errors.map((e) => e.field).join(', ')}: ${errors[0].message}`, errors);
  }

  private subtree(code: string): string[] {
    const out: string[] = [];
    const tree = this.jurisdiction.regions;
    for (const queue = [code]; queue.length > 0;) {
      const next = queue.pop()!;
      if (!tree.get(next)) continue;
      out.push(next);
      queue.push(...tree.children(next));
    }
    return out;
  }
}

function pick(u: Pick<UserRecord, (typeof AUDITED)[number]>): Record<string, unknown> {
  return Object.fromEntries(AUDITED.map((k) => [k, u[k]]));
}

/** `{ before, after }` of the audited fields that changed. */
function diff(before: UserRecord, after: UserRecord): Record<string, unknown> {
  const changed = AUDITED.filter((k) => before[k] !== after[k]);
  return {
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, after[k]])),
  };
}
