import { remaining } from '../domain/claim-rules';
import type { Claim } from './claim.repository';
import type { Demand } from './demand.repository';
import type { Resource } from './resource.repository';

/** The JSON of the lists (documented in lists.responses.ts). No personal data: users appear by id only. */

export const claimView = (c: Claim) => ({
  id: c.id,
  side: c.side,
  demandId: c.demandId,
  resourceId: c.resourceId,
  unitCode: c.unitCode,
  regionCode: c.regionCode,
  note: c.note,
  status: c.status,
  claimedAt: c.claimedAt.toISOString(),
  withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
});
export type ClaimView = ReturnType<typeof claimView>;

export const demandView = (d: Demand, live: Claim | undefined) => ({
  id: d.id,
  regionCode: d.regionCode,
  class: d.class,
  title: d.title,
  detail: d.detail,
  status: d.status,
  caseIds: d.caseIds,
  claim: live ? claimView(live) : null,
  raisedBy: d.raisedBy,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});
export type DemandView = ReturnType<typeof demandView>;

export const resourceView = (r: Resource, unitName: string) => ({
  id: r.id,
  unitCode: r.unitCode,
  unitName,
  class: r.class,
  title: r.title,
  detail: r.detail,
  capacity: r.capacity,
  claimed: r.claimed,
  remaining: remaining(r.capacity, r.claimed),
  regionCodes: r.regionCodes,
  createdAt: r.createdAt.toISOString(),
});
export type ResourceView = ReturnType<typeof resourceView>;
