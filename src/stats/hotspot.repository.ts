import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
 * id DESC) over the window.
 *
 * `demandId`: the demand (需求) already made of it — the most recently raised one that is not `done`
 * citing any of its cases (party_demand_case_case_idx), so a problem that outlived a finished demand can
 * be raised again. Looked up for the few hotspots served only.
 */
export const HOTSPOTS_SQL = (level: RegionLevel) => `
  WITH h AS (
    SELECT c.grid_code, c.category_code, count(*)::int AS count,
           array_agg(c.id ORDER BY c.created_at, c.id) AS case_ids, max(c.created_at) AS last_at
    FROM grid_case c
    WHERE c.${level}_code = $1 AND c.created_at >= $2 AND c.status <> 'cancelled'
    GROUP BY c.grid_code, c.category_code
    HAVING count(*) >= $3
    ORDER BY count(*) DESC, max(c.created_at) DESC, c.grid_code, c.category_code
    LIMIT $4
  )
  SELECT h.grid_code AS "gridCode", h.category_code AS "categoryCode", h.count, h.case_ids AS "caseIds", h.last_at AS "lastReportedAt",
         d.id AS "demandId"
  FROM h
  LEFT JOIN LATERAL (
    SELECT pd.id FROM party_demand_case dc JOIN party_demand pd ON pd.id = dc.demand_id
    WHERE dc.case_id = ANY (h.case_ids) AND pd.status <> 'done'
    ORDER BY pd.created_at DESC, pd.id DESC
    LIMIT 1
  ) d ON TRUE
  ORDER BY h.count DESC, h.last_at DESC, h.grid_code, h.category_code`;

@Injectable()
export class HotspotRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  inRegion(region: { code: string; level: RegionLevel }, since: Date, min: number, limit: number): Promise<HotspotRow[]> {
    return this.db.query(HOTSPOTS_SQL(region.level), [region.code, since, min, limit]);
  }
}
