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
}

/**
 * Recurring problems (重复发生的问题) in a region: the reports of one category in one grid since $2, at
 * least $3 of them, most first, at most $4. Every report counts, merged duplicates included (each is one
 * more resident or patrol meeting the problem); a cancelled one (无效上报) was no problem at all.
 * `level` is the region's level (from the region tree, never from the request): `<level>_code = $1`
 * lets the planner use grid_case_<level>_idx (code, created_at DESC, id DESC) for the window.
 */
export const HOTSPOTS_SQL = (level: RegionLevel) => `
  SELECT c.grid_code AS "gridCode", c.category_code AS "categoryCode", count(*)::int AS count,
         array_agg(c.id ORDER BY c.created_at, c.id) AS "caseIds", max(c.created_at) AS "lastReportedAt"
  FROM grid_case c
  WHERE c.${level}_code = $1 AND c.created_at >= $2 AND c.status <> 'cancelled'
  GROUP BY c.grid_code, c.category_code
  HAVING count(*) >= $3
  ORDER BY count(*) DESC, max(c.created_at) DESC, c.grid_code, c.category_code
  LIMIT $4`;

@Injectable()
export class HotspotRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  inRegion(region: { code: string; level: RegionLevel }, since: Date, min: number, limit: number): Promise<HotspotRow[]> {
    return this.db.query(HOTSPOTS_SQL(region.level), [region.code, since, min, limit]);
  }
}
