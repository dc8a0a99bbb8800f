import type { Audience } from '../events/domain-events';
import type { RegionLevel } from '../jurisdiction/region-level';
import type { RegionTree } from '../jurisdiction/region-tree';
import type { AuthUser } from './auth-user';

/**
 * Who may see a case, in the three shapes the service needs — the in-memory check (`canSeeCase`), the
 * SQL predicate for lists and statistics (`caseScopeSql`), and the live audience (`audienceOf`, the
 * rooms of a user and of an event) — from one rule: admins see everything; a region's users see the
 * cases in its subtree; a department's liaisons see the cases it has tasks on.
 * test/visibility.e2e-spec.ts proves the three agree.
 */
export type Scope = { kind: 'all' } | { kind: 'region'; level: RegionLevel; code: string } | { kind: 'department'; code: string };

/** The codes of a case's place in the tree, one per level. */
export type CasePlace = Record<`${RegionLevel}Code`, string>;

export function scopeOf(user: AuthUser, tree: RegionTree): Scope {
  if (user.role === 'admin') return { kind: 'all' };
  if (user.role === 'liaison') return { kind: 'department', code: user.departmentCode ?? '' };
  const region = user.regionCode ? tree.get(user.regionCode) : undefined;
  // A user whose region vanished sees nothing rather than everything.
  return region ? { kind: 'region', level: region.level, code: region.code } : { kind: 'department', code: '' };
}

export function canSeeCase(scope: Scope, place: CasePlace, taskDepartments: string[]): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return place[`${scope.level}Code`] === scope.code;
    case 'department':
      return taskDepartments.includes(scope.code);
  }
}

/**
 * The same rule as SQL over a `grid_case` alias, for lists and statistics. `param` is the placeholder
 * of the scope's code (`:scopeCode` for TypeORM, `$n` for raw pg); `params` is empty when unused.
 */
export function caseScopeSql(scope: Scope, alias: string, param = ':scopeCode'): { sql: string; params: Record<string, string> } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: {} };
    case 'region':
      return { sql: `${alias}.${scope.level}_code = ${param}`, params: { scopeCode: scope.code } };
    case 'department':
      return {
        sql: `EXISTS (SELECT 1 FROM task st WHERE st.case_id = ${alias}.id AND st.department_code = ${param})`,
        params: { scopeCode: scope.code },
      };
  }
}

export function canSeeRegion(scope: Scope, regionCode: string, tree: RegionTree): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'department') return false;
  return tree.isWithin(regionCode, scope.code);
}

/**
 * 区域化党建 lists (demands, resources, projects, meetings): a region's users see what lies in their
 * subtree and what concerns them from above (a street's demand or a district unit's offer also concerns
 * each neighbourhood of it); admins everything; liaisons none (departments are not party to the lists).
 * `null` means every region.
 */
export function partyRegionsOf(scope: Scope, tree: RegionTree): string[] | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'department') return [];
  return concerning(scope.code, tree);
}

/** The regions whose party-building items concern `code`: its ancestors and its subtree. */
export const concerning = (code: string, tree: RegionTree): string[] => [...tree.lineage(code).map((r) => r.code), ...tree.subtree(code).slice(1)];

/** Who hears of a case live: its grid and every ancestor, and the departments with tasks on it. */
export const audienceOf = (c: CasePlace, tasks: { departmentCode: string }[]): Audience => ({
  regionCodes: [c.gridCode, c.neighbourhoodCode, c.areaCode, c.streetCode, c.districtCode],
  departmentCodes: [...new Set(tasks.map((t) => t.departmentCode))],
});

/** A task's events reach the case's regions and that task's department only. */
export const taskAudience = (a: Audience, departmentCode: string): Audience => ({ ...a, departmentCodes: [departmentCode] });

/**
 * Sockets join rooms for what their user may see; an event goes to the rooms of its audience.
 * `region:<code>` — every user whose region is the case's grid or one of its ancestors;
 * `dept:<code>` — a department's liaisons; `all` — admins.
 */
export function roomsOfUser(user: AuthUser): string[] {
  if (user.role === 'admin') return ['all'];
  if (user.role === 'liaison') return user.departmentCode ? [`dept:${user.departmentCode}`] : [];
  return user.regionCode ? [`region:${user.regionCode}`] : [];
}

export function roomsOfAudience(a: Audience): string[] {
  return ['all', ...a.regionCodes.map((r) => `region:${r}`), ...a.departmentCodes.map((d) => `dept:${d}`)];
}
