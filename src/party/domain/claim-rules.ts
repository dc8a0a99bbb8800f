import { conflict, DomainError, forbidden } from '../../common/domain-error';
import type { RegionTree } from '../../jurisdiction/region-tree';
import type { ClaimStatus, DemandStatus } from './party-types';

/** Pure rules of 双向认领 (two-way claiming); the services load, ask these, and write under row locks. */

/** A resource serves a region when it is offered to that region or to one of its ancestors. */
export function resourceServes(servedRegionCodes: string[], regionCode: string, tree: RegionTree): boolean {
  const lineage = new Set(tree.lineage(regionCode).map((r) => r.code));
  return servedRegionCodes.some((c) => lineage.has(c));
}

/**
 * A street acts for the units of its own street and for the district's units (they serve every street);
 * an admin for every unit.
 */
export function mayActForUnit(actor: { role: string; regionCode: string | null }, unitRegionCode: string, tree: RegionTree): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'street' || !actor.regionCode) return false;
  return unitRegionCode === actor.regionCode || tree.get(unitRegionCode)?.parentCode === null;
}

/** A user acts inside its own region's subtree (admins everywhere). 403 otherwise. */
export function requireInside(actor: { role: string; regionCode: string | null }, regionCode: string, tree: RegionTree, what: string): void {
  if (actor.role === 'admin') return;
  if (!actor.regionCode || !tree.isWithin(regionCode, actor.regionCode)) throw forbidden(`${what} ${regionCode} lies outside your region`);
}

/** A claim can be withdrawn while live and until a project including its demand starts. */
export function checkWithdrawal(claim: { status: ClaimStatus }, demandStatus: DemandStatus | null): void {
  if (claim.status !== 'live') throw conflict('the claim is already withdrawn');
  if (demandStatus === 'in_project' || demandStatus === 'done')
    throw new DomainError('conflict', `a project including the demand has started (demand ${demandStatus}); the claim stays`);
}

/** Remaining capacity of a resource; null = unlimited. */
export const remaining = (capacity: number | null, claimed: number): number | null => (capacity === null ? null : Math.max(0, capacity - claimed));
