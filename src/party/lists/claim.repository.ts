import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClaimSide, ClaimStatus } from '../domain/party-types';

export interface Claim {
  id: string;
  side: ClaimSide;
  demandId: string | null;
  resourceId: string | null;
  unitCode: string;
  regionCode: string;
  note: string | null;
  status: ClaimStatus;
  claimedBy: string;
  claimedAt: Date;
  withdrawnAt: Date | null;
}

const SELECT = `SELECT id, side, demand_id, resource_id, unit_code, region_code, note, status, claimed_by, claimed_at, withdrawn_at FROM party_claim`;

/** The party_claim table: both directions of 双向认领; its partial unique index keeps one live claim per demand. */
@Injectable()
export class ClaimRepository {
  async byId(em: EntityManager, id: string, lock = false): Promise<Claim | undefined> {
    const [row] = await em.query(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? claimOf(row) : undefined;
  }

  /** Every claim of these demands, live first then newest first. */
  async ofDemands(em: EntityManager, demandIds: string[]): Promise<Claim[]> {
    const rows = await em.query(`${SELECT} WHERE demand_id = ANY($1::uuid[]) ORDER BY status = 'live' DESC, claimed_at DESC`, [demandIds]);
    return rows.map(claimOf);
  }

  async ofResource(em: EntityManager, resourceId: string): Promise<Claim[]> {
    const rows = await em.query(`${SELECT} WHERE resource_id = $1 ORDER BY status = 'live' DESC, claimed_at DESC`, [resourceId]);
    return rows.map(claimOf);
  }

  /** A new live claim; undefined when the demand has a live claim already (the partial unique index). */
  async insert(em: EntityManager, c: Omit<Claim, 'id' | 'status' | 'withdrawnAt'>): Promise<Claim | undefined> {
    const rows = await em.query(
      `INSERT INTO party_claim (side, demand_id, resource_id, unit_code, region_code, note, claimed_by, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (demand_id) WHERE status = 'live' AND demand_id IS NOT NULL DO NOTHING
       RETURNING id, side, demand_id, resource_id, unit_code, region_code, note, status, claimed_by, claimed_at, withdrawn_at`,
      [c.side, c.demandId, c.resourceId, c.unitCode, c.regionCode, c.note, c.claimedBy, c.claimedAt],
    );
    return rows[0] ? claimOf(rows[0]) : undefined;
  }

  /** Withdraws a live claim; undefined when it was not live any more. */
  async withdraw(em: EntityManager, id: string, by: string): Promise<Claim | undefined> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = await em.query(
      `UPDATE party_claim SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now() WHERE id = $1 AND status = 'live'
       RETURNING id, side, demand_id, resource_id, unit_code, region_code, note, status, claimed_by, claimed_at, withdrawn_at`,
      [id, by],
    );
    return rows[0] ? claimOf(rows[0]) : undefined;
  }

  /** Live claims among `regionCodes` (null: all), made in `year` when given: all, and those joining a demand and a resource. */
  async liveCounts(em: EntityManager, regionCodes: string[] | null, year?: number): Promise<{ claimed: number; matched: number }> {
    const [row] = await em.query(
      `SELECT count(*)::int AS claimed, count(*) FILTER (WHERE demand_id IS NOT NULL AND resource_id IS NOT NULL)::int AS matched
       FROM party_claim
       WHERE status = 'live' AND ($1::text[] IS NULL OR region_code = ANY($1::text[]))
         AND ($2::int IS NULL OR extract(year FROM claimed_at AT TIME ZONE 'Asia/Shanghai') = $2)`,
      [regionCodes, year ?? null],
    );
    return row;
  }
}

function claimOf(r: Record<string, unknown>): Claim {
  return {
    id: r.id as string,
    side: r.side as ClaimSide,
    demandId: r.demand_id as string | null,
    resourceId: r.resource_id as string | null,
    unitCode: r.unit_code as string,
    regionCode: r.region_code as string,
    note: r.note as string | null,
    status: r.status as ClaimStatus,
    claimedBy: r.claimed_by as string,
    claimedAt: r.claimed_at as Date,
    withdrawnAt: r.withdrawn_at as Date | null,
  };
}
