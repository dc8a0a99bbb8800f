import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/role';
import type { FieldError } from '../common/domain-error';
import type { RegionLevel } from '../jurisdiction/region-level';
import type { RegionTree } from '../jurisdiction/region-tree';

/**
 * Who may hold which place, and who may manage whom (API.md › Accounts). Pure: the region tree and
 * the known departments come in as arguments.
 */

/** The region level each role sits at; a liaison sits in a department instead. */
export const ROLE_LEVEL: Record<Exclude<Role, 'liaison'>, RegionLevel> = {
  inspector: 'grid',
  neighbourhood: 'neighbourhood',
  area: 'area',
  street: 'street',
  display: 'street',
  admin: 'district',
};

/** The roles a street's operators manage inside their own street. */
export const STREET_MANAGED_ROLES: readonly Role[] = ['inspector', 'neighbourhood', 'area', 'display'];

export interface UserShape {
  role: Role;
  regionCode: string | null;
  departmentCode: string | null;
}

/** What is wrong with a role/region/department combination (empty: it fits). */
export function shapeErrors(shape: UserShape, tree: RegionTree, departmentExists: (code: string) => boolean): FieldError[] {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message });
  if (shape.role === 'liaison') {
    if (!shape.departmentCode) bad('departmentCode', 'a liaison needs a department');
    else if (!departmentExists(shape.departmentCode)) bad('departmentCode', `unknown department ${shape.departmentCode}`);
    if (shape.regionCode) bad('regionCode', 'a liaison holds no region');
    return errors;
  }
  const level = ROLE_LEVEL[shape.role];
  if (shape.departmentCode) bad('departmentCode', `a ${shape.role} holds no department`);
  if (!shape.regionCode) {
    bad('regionCode', `a ${shape.role} needs a region of level ${level}`);
    return errors;
  }
  const region = tree.get(shape.regionCode);
  if (!region) bad('regionCode', `unknown region ${shape.regionCode}`);
  else if (region.level !== level) bad('regionCode', `a ${shape.role} needs a region of level ${level}, ${region.code} is a ${region.level}`);
  return errors;
}

/** Whether `actor` may see `target` at all (404 otherwise): admins everyone, a street the users inside it. */
export function canSeeUser(actor: AuthUser, target: { regionCode: string | null }, tree: RegionTree): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'street' || !actor.regionCode || !target.regionCode) return false;
  return tree.isWithin(target.regionCode, actor.regionCode);
}

/** Whether `actor` may create, or change, a user of this shape (403 otherwise). */
export function canManageUser(actor: AuthUser, target: UserShape, tree: RegionTree): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'street' && STREET_MANAGED_ROLES.includes(target.role) && canSeeUser(actor, target, tree);
}

/** The changes that end a user's tokens and sockets. */
export function revokes(before: UserShape & { active: boolean }, after: UserShape & { active: boolean }, passwordChanged: boolean): boolean {
  return (
    passwordChanged ||
    (before.active && !after.active) ||
    before.role !== after.role ||
    before.regionCode !== after.regionCode ||
    before.departmentCode !== after.departmentCode
  );
}
