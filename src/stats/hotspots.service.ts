import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { canSeeRegion, scopeOf } from '../auth/visibility';
import { forbidden, notFound } from '../common/domain-error';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { HotspotRepository } from './hotspot.repository';

export interface Hotspot {
  gridCode: string;
  categoryCode: string;
  count: number;
  caseIds: string[];
  lastReportedAt: string;
  demandId: string | null;
}

/** The limits of `?days=` and `?min=` (a year at most; a single report is no recurrence). */
export const HOTSPOT_DAYS = { min: 1, max: 365, default: 30 } as const;
export const HOTSPOT_MIN = { min: 2, max: 1000, default: 5 } as const;
/** The wall shows three, a street's list a page: fifty is plenty and keeps the answer small. */
export const HOTSPOT_LIMIT = 50;
/**
 * A hotspot's cases, the latest first to go when cut: as many as one demand may cite (POST /api/demands
 * takes at most 100 caseIds), so that "one call turns a hotspot into a demand". `count` stays the whole.
 */
export const HOTSPOT_CASE_IDS = 100;
const DAY_MS = 86_400_000;

/**
 * Recurring problems (区域化党建 › 问题清单): the same category in the same grid at least `min` times in
 * the last `days` days (a rolling window up to now), in a region of the caller's jurisdiction — by
 * default its own. The material a neighbourhood turns into a demand (需求) for the member units.
 */
@Injectable()
export class HotspotsService {
  constructor(
    private readonly repo: HotspotRepository,
    private readonly jurisdiction: JurisdictionService,
  ) {}

  /**
   * `days` and `min` within HOTSPOT_DAYS and HOTSPOT_MIN (the query DTO checks them). The demo history asks
   * at a past `now`, in its transaction (`em`), while only the cases reported by then exist.
   */
  async hotspots(
    user: AuthUser,
    q: { regionCode?: string; days?: number; min?: number },
    now = new Date(),
    em?: EntityManager,
  ): Promise<{ items: Hotspot[] }> {
    const days = q.days ?? HOTSPOT_DAYS.default;
    const min = q.min ?? HOTSPOT_MIN.default;
    const region = this.regionFor(user, q.regionCode);
    const rows = await this.repo.inRegion(
      region,
      new Date(now.getTime() - days * DAY_MS),
      min,
      { hotspots: HOTSPOT_LIMIT, caseIds: HOTSPOT_CASE_IDS },
      em,
    );
    return {
      items: rows.map((r) => ({
        gridCode: r.gridCode,
        categoryCode: r.categoryCode,
        count: r.count,
        caseIds: r.caseIds,
        lastReportedAt: new Date(r.lastReportedAt).toISOString(),
        demandId: r.demandId,
      })),
    };
  }

  /**
   * The region asked for (default: the caller's own). Unknown or outside the caller's jurisdiction is
   * 404, as the contract's convention and the overview have it. A liaison's jurisdiction is its
   * department's tasks, not a region: 403.
   */
  private regionFor(user: AuthUser, regionCode?: string) {
    const tree = this.jurisdiction.regions;
    const scope = scopeOf(user, tree);
    if (scope.kind === 'department') throw forbidden('Recurring problems are counted for a region; yours is a department');
    const code = regionCode ?? user.regionCode ?? tree.root().code;
    const region = tree.get(code);
    if (!region) throw notFound(`Region ${code}`);
    if (!canSeeRegion(scope, region.code, tree)) throw notFound(`Region ${code}`);
    return region;
  }
}
