import type { AuthUser } from '../auth/auth-user';
import { partyRegionsOf, scopeOf } from '../auth/visibility';
import { notFound } from '../common/domain-error';
import type { RegionTree } from '../jurisdiction/region-tree';

/** The regions whose party-building items `user` sees (src/auth/visibility.ts decides); null: all of them. */
export const partyRegionsFor = (user: AuthUser, tree: RegionTree): string[] | null => partyRegionsOf(scopeOf(user, tree), tree);

/** Whether an item of `regionCode` is among `visible`. */
export const seen = (visible: string[] | null, regionCode: string): boolean => !visible || visible.includes(regionCode);

/** A list's `?regionCode=`: the items of that region's subtree; 404 for a region unknown or not seen. */
export function regionFilter(visible: string[] | null, code: string, tree: RegionTree): string[] {
  if (!tree.get(code) || !seen(visible, code)) throw notFound(`Region ${code}`);
  return tree.subtree(code);
}
