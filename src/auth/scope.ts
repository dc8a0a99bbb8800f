import type { RegionLevel } from '../jurisdiction/region-level';
import type { RegionTree } from '../jurisdiction/region-tree';
import type { AuthUser } from './auth-user';

/**
 * What a user may see: everything (admin), a region's subtree (inspectors, neighbourhoods, areas,
 * streets, walls), or the cases its department has tasks on (liaisons).
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; level: RegionLevel; code: string }
  | { kind: 'department'; code: string };

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
