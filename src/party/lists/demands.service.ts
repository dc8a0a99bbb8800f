import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { canSeeCase, scopeOf } from '../../auth/visibility';
import { DomainError, invalid } from '../../common/domain-error';
import { partyRegionsFor, regionFilter, seen } from '../party-scope';
import { decodeCursor, pageOf, type Page } from '../../common/pagination';
import { CaseStore } from '../../cases/case-store';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { requireInside } from '../domain/claim-rules';
import { ClaimRepository } from './claim.repository';
import { ClassesService } from './classes.service';
import { type Demand, DemandRepository } from './demand.repository';
import type { CreateDemandDto, DemandListQuery } from './lists.dto';
import { claimView, demandView, type DemandView } from './party-views';

/** 需求清单: communities raise demands, citing the cases that show them. */
@Injectable()
export class DemandsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly demands: DemandRepository,
    private readonly claims: ClaimRepository,
    private readonly classes: ClassesService,
    private readonly cases: CaseStore,
  ) {}

  async create(user: AuthUser, body: CreateDemandDto): Promise<DemandView> {
    const id = await this.db.transaction((em) => this.createIn(em, user, body, new Date()));
    return this.get(user, id);
  }

  /** The use case in the caller's transaction, raised at `at` (the demo history raises its demands in the past); the new id. */
  async createIn(em: EntityManager, user: AuthUser, body: CreateDemandDto, at: Date): Promise<string> {
    const tree = this.jurisdiction.regions;
    const region = tree.get(body.regionCode);
    if (!region) throw invalid('regionCode', `unknown region ${body.regionCode}`);
    if (region.level === 'district') throw invalid('regionCode', 'a demand belongs to a street or a region below it');
    requireInside(user, region.code, tree, 'region');
    const caseIds = body.caseIds ?? [];
    await this.classes.require(em, body.class);
    await this.checkCases(em, user, caseIds, region);
    return this.demands.insert(em, {
      regionCode: region.code,
      class: body.class,
      title: body.title,
      detail: body.detail ?? null,
      raisedBy: user.id,
      caseIds,
      createdAt: at,
    });
  }

  /** Cited cases must be cases the caller can see (404 naming caseIds) and lie in the demand's region (400). */
  private async checkCases(em: EntityManager, user: AuthUser, ids: string[], region: { code: string; level: string }): Promise<void> {
    if (!ids.length) return;
    const scope = scopeOf(user, this.jurisdiction.regions);
    const loaded = new Map((await this.cases.loadMany(em, ids)).map((l) => [l.row.id, l]));
    for (const id of ids) {
      const l = loaded.get(id);
      const visible =
        l &&
        canSeeCase(
          scope,
          l.row,
          l.tasks.map((t) => t.departmentCode),
        );
      if (!visible) throw new DomainError('not_found', `case ${id} not found`, [{ field: 'caseIds', message: `case ${id} not found` }]);
      if ((l.row as unknown as Record<string, string>)[`${region.level}Code`] !== region.code)
        throw invalid('caseIds', `case ${l.row.code} lies outside ${region.code}`);
    }
  }

  async list(user: AuthUser, q: DemandListQuery): Promise<Page<DemandView>> {
    const visible = this.visible(user);
    const regionCodes = q.regionCode ? regionFilter(visible, q.regionCode, this.jurisdiction.regions) : undefined;
    const limit = q.limit ?? 50;
    const rows = await this.demands.list(this.db.manager, {
      visible,
      regionCodes,
      status: q.status,
      class: q.class,
      after: decodeCursor(q.cursor),
      limit: limit + 1,
    });
    const views = await this.views(rows.slice(0, limit));
    return pageOf(rows, limit, (r) => views.get(r.id)!);
  }

  async get(user: AuthUser, id: string) {
    const d = await this.visibleDemand(this.db.manager, user, id);
    const claims = await this.claims.ofDemands(this.db.manager, [id]);
    return {
      ...demandView(
        d,
        claims.find((c) => c.status === 'live'),
      ),
      claims: claims.map(claimView),
    };
  }

  /** A demand the caller may see; 404 (naming `field` when given) otherwise. */
  async visibleDemand(em: EntityManager, user: AuthUser, id: string, field?: string): Promise<Demand> {
    const d = await this.demands.byId(em, id);
    const visible = this.visible(user);
    if (!d || !seen(visible, d.regionCode))
      throw new DomainError('not_found', `demand ${id} not found`, field ? [{ field, message: `demand ${id} not found` }] : []);
    return d;
  }

  async views(rows: Demand[]): Promise<Map<string, DemandView>> {
    const live = new Map(
      (
        await this.claims.ofDemands(
          this.db.manager,
          rows.map((r) => r.id),
        )
      )
        .filter((c) => c.status === 'live')
        .map((c) => [c.demandId!, c]),
    );
    return new Map(rows.map((r) => [r.id, demandView(r, live.get(r.id))]));
  }

  private visible(user: AuthUser): string[] | null {
    return partyRegionsFor(user, this.jurisdiction.regions);
  }
}
