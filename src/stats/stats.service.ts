import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { OPEN_STATUSES } from '../cases/domain/case-types';
import { canSeeRegion, caseScopeSql, scopeOf, type Scope } from '../auth/visibility';
import { CatalogService } from '../catalog/catalog.service';
import { invalid, notFound } from '../common/domain-error';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import type { Rung } from '../cases/domain/case-types';
import { avgHandleMinutes, ratesOf } from './indicators';
import { IndicatorsService } from './indicators.service';

export interface Overview {
  regionCode: string | null;
  open: number;
  pending: number;
  inProgress: number;
  resolved: number;
  overdue: number;
  warning: number;
  createdToday: number;
  closedToday: number;
  byRung: Record<Rung, number>;
  byCategory: { code: string; name: string; open: number }[];
}

export type RankingGroup = 'department' | 'street' | 'area';

/**
 * The overview of a region from the overviews of regions that partition it (a district from its
 * streets): every figure is a count of cases, so the parts add up exactly.
 */
export function mergeOverviews(regionCode: string, parts: Overview[]): Overview {
  const add = (pick: (o: Overview) => number) => parts.reduce((n, o) => n + pick(o), 0);
  const byCategory = new Map<string, { code: string; name: string; open: number }>();
  for (const c of parts.flatMap((o) => o.byCategory)) {
    const seen = byCategory.get(c.code);
    byCategory.set(c.code, { ...c, open: (seen?.open ?? 0) + c.open });
  }
  return {
    regionCode,
    open: add((o) => o.open),
    pending: add((o) => o.pending),
    inProgress: add((o) => o.inProgress),
    resolved: add((o) => o.resolved),
    overdue: add((o) => o.overdue),
    warning: add((o) => o.warning),
    createdToday: add((o) => o.createdToday),
    closedToday: add((o) => o.closedToday),
    byRung: {
      grid: add((o) => o.byRung.grid),
      neighbourhood: add((o) => o.byRung.neighbourhood),
      area: add((o) => o.byRung.area),
      street: add((o) => o.byRung.street),
      department: add((o) => o.byRung.department),
    },
    byCategory: [...byCategory.values()].sort((a, b) => b.open - a.open || a.code.localeCompare(b.code)),
  };
}

/** Where a statistic looks: one region's subtree, or a liaison's department's cases. */
interface Filter {
  sql: string;
  param: string;
  regionCode: string | null;
}

/** The wall's numbers and the evaluation's rankings (按期处置率, 结案率, 返工率 …), from the case tables. */

/** The open statuses as a literal list: the partial indexes' predicate, so the planner can use them. */
const OPEN = OPEN_STATUSES.map((x) => `'${x}'`).join(',');
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly catalog: CatalogService,
    private readonly indicators: IndicatorsService,
  ) {}

  /** The filter for a user's overview: `regionCode` (default: the user's own region) within its scope. */
  filterFor(user: AuthUser, regionCode?: string): Filter {
    const scope: Scope = scopeOf(user, this.jurisdiction.regions);
    if (scope.kind === 'department' && !regionCode) {
      return { sql: caseScopeSql(scope, 'c', '$1').sql, param: scope.code, regionCode: null };
    }
    const code = regionCode ?? user.regionCode ?? this.jurisdiction.regions.all().find((r) => r.parentCode === null)?.code;
    const region = code ? this.jurisdiction.regions.get(code) : undefined;
    if (!region || !canSeeRegion(scope, region.code, this.jurisdiction.regions)) throw notFound(`Region ${code}`);
    return this.regionFilter(region.code);
  }

  regionFilter(code: string): Filter {
    const region = this.jurisdiction.require(code);
    return { sql: `c.${region.level}_code = $1`, param: region.code, regionCode: region.code };
  }

  async overview(filter: Filter): Promise<Overview> {
    const calendar = await this.catalog.calendar();
    const [open, [today]] = await Promise.all([
      this.db.query<{ status: string; rung: Rung; sla_state: string; category_code: string; n: number }[]>(
        `SELECT status, rung, sla_state, category_code, count(*)::int AS n
         FROM grid_case c WHERE ${filter.sql} AND status IN (${OPEN})
         GROUP BY status, rung, sla_state, category_code`,
        [filter.param],
      ),
      this.db.query<{ created: number; closed: number }[]>(
        `WITH day AS (SELECT date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2 AS start)
         SELECT (SELECT count(*) FROM grid_case c, day WHERE ${filter.sql} AND c.created_at >= day.start AND c.status <> 'merged')::int AS created,
                (SELECT count(*) FROM grid_case c, day WHERE ${filter.sql} AND c.closed_at >= day.start AND c.status = 'closed')::int AS closed`,
        [filter.param, calendar.timezone],
      ),
    ]);
    const sum = (pick: (r: (typeof open)[number]) => boolean) => open.filter(pick).reduce((n, r) => n + r.n, 0);
    const byCategory = new Map<string, number>();
    for (const r of open) byCategory.set(r.category_code, (byCategory.get(r.category_code) ?? 0) + r.n);
    const names = new Map((await this.catalog.categories()).map((c) => [c.code, c.name]));
    return {
      regionCode: filter.regionCode,
      open: sum(() => true),
      pending: sum((r) => r.status === 'pending'),
      inProgress: sum((r) => r.status === 'in_progress'),
      resolved: sum((r) => r.status === 'resolved'),
      overdue: sum((r) => r.sla_state === 'breached'),
      warning: sum((r) => r.sla_state === 'warning'),
      createdToday: today.created,
      closedToday: today.closed,
      byRung: {
        grid: sum((r) => r.rung === 'grid'),
        neighbourhood: sum((r) => r.rung === 'neighbourhood'),
        area: sum((r) => r.rung === 'area'),
        street: sum((r) => r.rung === 'street'),
        department: sum((r) => r.rung === 'department'),
      },
      byCategory: [...byCategory]
        .map(([code, n]) => ({ code, name: names.get(code) ?? code, open: n }))
        .sort((a, b) => b.open - a.open || a.code.localeCompare(b.code)),
    };
  }

  /** A ranking (考核排名): the indicators of the units for a span of days, as the older, shorter view of them. */
  async ranking(user: AuthUser, groupBy: RankingGroup, from?: string, to?: string) {
    const { start, end } = rankingPeriod(from, to);
    const units = await this.indicators.of(user, groupBy, start, end);
    return {
      groupBy,
      from: start.toISOString(),
      to: end.toISOString(),
      items: units.map(({ code, name, counts }) => {
        const { onTimeRate, closureRate, reworkRate, returnRate, satisfactionRate } = ratesOf(counts);
        return {
          code,
          name,
          received: counts.received,
          closed: counts.closed,
          onTimeRate,
          closureRate,
          reworkRate,
          returnRate,
          satisfactionRate,
          avgHandleMinutes: avgHandleMinutes(counts),
        };
      }),
    };
  }
}

/** A ranking's period: default the 30 days up to now; at most 366 days, so no query sweeps the whole history. */
export function rankingPeriod(from?: string, to?: string): { start: Date; end: Date } {
  const end = to ? new Date(to) : new Date();
  const start = from ? new Date(from) : new Date(end.getTime() - 30 * DAY_MS);
  if (Number.isNaN(start.getTime())) throw invalid('from', 'from must be an ISO 8601 date');
  if (Number.isNaN(end.getTime())) throw invalid('to', 'to must be an ISO 8601 date');
  if (start >= end) throw invalid('from', 'from must be before to');
  if (end.getTime() - start.getTime() > MAX_RANKING_DAYS * DAY_MS) {
    throw invalid(from ? 'from' : 'to', `from..to spans at most ${MAX_RANKING_DAYS} days`);
  }
  return { start, end };
}

const DAY_MS = 86_400_000;
const MAX_RANKING_DAYS = 366;
