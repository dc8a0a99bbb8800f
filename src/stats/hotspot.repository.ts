import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RegionLevel } from '../jurisdiction/region-level';

/** One recurring problem: a category reported `count` times in one grid, its cases oldest first. */
export interface HotspotRow {
  gridCode: string;
  categoryCode: string;
  count: number;
  caseIds: string[];
  lastReportedAt: Date;
  demandId: string | null;
}

/**
 * Recurring problems (重复发生的问题) in a region: the reports of one category in one grid since $2, at
 * least $3 of them, most first (then the most recently reported), at most $4. Every report counts,
 * merged duplicates included (each is one more resident or patrol meeting the problem); a cancelled one
 * (无效上报) was no problem at all. `level` is the region's level (from the region tree, never from the
 * request): `<level>_code = $1` lets the planner range-scan grid_case_<level>_idx (code, created_at DESC,
 * id DESC) over the window. The window's rows are read once (w); the groups are counted by hashing and
 * only the served ones sort their cases by time — sorting the whole window for array_agg(… ORDER BY)
 * spilled to disk at a million cases (bench: a street's 30 days, 50 k rows, 360 → 110 ms). No index of
 * its own: the window's pages are the recently written ones, rarely all-visible, so a covering index would
 * still visit the heap while costing every intake a write. The worst case, a district's year (1 M rows),
 * takes ~1.6 s there, within statement_timeout.
 *
 * `demandId`: the demand (需求) already made of it — the most recently raised one that is not `done`
 * citing any of its cases (party_demand_case_case_idx), so a problem that outlived a finished demand can
 * be raised again. Looked up for the few hotspots served only, over all their cases; `caseIds` is then cut
 * to the latest $5.
 */
export const HOTSPOTS_SQL = (level: RegionLevel) => `
  WITH w AS MATERIALIZED (
    SELECT c.id, c.grid_code, c.category_code, c.created_at
    FROM grid_case c
    WHERE c.${level}_code = $1 AND c.created_at >= $2 AND c.status <> 'cancelled'
  ), h AS (
    SELECT w.grid_code, w.category_code, count(*)::int AS count, max(w.created_at) AS last_at
    FROM w
    GROUP BY w.grid_code, w.category_code
    HAVING count(*) >= $3
    ORDER BY count(*) DESC, max(w.created_at) DESC, w.grid_code, w.category_code
    LIMIT $4
  ), hc AS (
    SELECT h.grid_code, h.category_code, h.count, h.last_at, array_agg(w.id ORDER BY w.created_at, w.id) AS case_ids
    FROM h JOIN w ON w.grid_code = h.grid_code AND w.category_code = h.category_code
    GROUP BY h.grid_code, h.category_code, h.count, h.last_at
  )
  SELECT hc.grid_code AS "gridCode", hc.category_code AS "categoryCode", hc.count,
         hc.case_ids[greatest(1, cardinality(hc.case_ids) - $5 + 1):] AS "caseIds", hc.last_at AS "lastReportedAt",
         d.id AS "demandId"
  FROM hc
  LEFT JOIN LATERAL (
    SELECT pd.id FROM party_demand_case dc JOIN party_demand pd ON pd.id = dc.demand_id
    WHERE dc.case_id = ANY (hc.case_ids) AND pd.status <> 'done'
    ORDER BY pd.created_at DESC, pd.id DESC
    LIMIT 1
  ) d ON TRUE
  ORDER BY hc.count DESC, hc.last_at DESC, hc.grid_code, hc.category_code`;

@Injectable()
export class HotspotRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `em`: a transaction's, to see what it wrote (the demo history asks in the middle of its own). */
  inRegion(
    region: { code: string; level: RegionLevel },
    since: Date,
    min: number,
    limit: { hotspots: number; caseIds: number },
    em: EntityManager = this.db.manager,
  ): Promise<HotspotRow[]> {
    return em.query(HOTSPOTS_SQL(region.level), [region.code, since, min, limit.hotspots, limit.caseIds]);
  }
}
