import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { concerning } from '../../auth/visibility';
import { forbidden, invalid, notFound } from '../../common/domain-error';
import { partyRegionsFor, regionFilter } from '../party-scope';
import { decodeCursor, pageOf, type Page } from '../../common/pagination';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { mayActForUnit } from '../domain/claim-rules';
import { UnitRepository } from '../units/unit.repository';
import { ClaimRepository } from './claim.repository';
import { ClassesService } from './classes.service';
import type { CreateResourceDto, ResourceListQuery } from './lists.dto';
import { claimView, resourceView, type ResourceView } from './party-views';
import { type Resource, ResourceRepository } from './resource.repository';

/** 资源清单: what member units offer, to which regions, how many times. */
@Injectable()
export class ResourcesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly resources: ResourceRepository,
    private readonly units: UnitRepository,
    private readonly claims: ClaimRepository,
    private readonly classes: ClassesService,
  ) {}

  async create(user: AuthUser, body: CreateResourceDto) {
    const id = await this.db.transaction((em) => this.createIn(em, user, body, new Date()));
    return this.get(user, id);
  }

  /** The use case in the caller's transaction, offered at `at` (the demo history's are offered in the past); the new id. */
  async createIn(em: EntityManager, user: AuthUser, body: CreateResourceDto, at: Date): Promise<string> {
    const tree = this.jurisdiction.regions;
    const unit = await this.units.byCode(em, body.unitCode);
    if (!unit) throw invalid('unitCode', `unknown unit ${body.unitCode}`);
    if (!unit.active) throw invalid('unitCode', `unit ${unit.code} is inactive`);
    if (!mayActForUnit(user, unit.regionCode, tree)) throw forbidden(`unit ${unit.code} is not one of your street's units`);
    await this.classes.require(em, body.class);
    for (const code of body.regionCodes) {
      if (!tree.get(code)) throw invalid('regionCodes', `unknown region ${code}`);
      if (!tree.isWithin(code, unit.regionCode)) throw invalid('regionCodes', `${code} lies outside the unit's region ${unit.regionCode}`);
      if (user.role !== 'admin' && !tree.isWithin(code, user.regionCode ?? '')) throw forbidden(`${code} lies outside your region`);
    }
    return this.resources.insert(em, {
      unitCode: unit.code,
      class: body.class,
      title: body.title,
      detail: body.detail ?? null,
      capacity: body.capacity ?? null,
      regionCodes: body.regionCodes,
      createdBy: user.id,
      createdAt: at,
    });
  }

  async list(user: AuthUser, q: ResourceListQuery): Promise<Page<ResourceView>> {
    const visible = this.visible(user);
    // A resource serves regions: those of the region asked for concern it, above it as below.
    if (q.regionCode) regionFilter(visible, q.regionCode, this.jurisdiction.regions);
    const regionCodes = q.regionCode ? concerning(q.regionCode, this.jurisdiction.regions) : undefined;
    const limit = q.limit ?? 50;
    const rows = await this.resources.list(this.db.manager, {
      visible,
      regionCodes,
      unitCode: q.unitCode,
      class: q.class,
      after: decodeCursor(q.cursor),
      limit: limit + 1,
    });
    const names = await this.unitNames(this.db.manager, rows);
    return pageOf(rows, limit, (r) => resourceView(r, names.get(r.unitCode) ?? r.unitCode));
  }

  async get(user: AuthUser, id: string) {
    const r = await this.visibleResource(this.db.manager, user, id);
    const [names, claims] = await Promise.all([this.unitNames(this.db.manager, [r]), this.claims.ofResource(this.db.manager, id)]);
    return { ...resourceView(r, names.get(r.unitCode) ?? r.unitCode), claims: claims.map(claimView) };
  }

  /** A resource offered to a region the caller sees; 404 otherwise. */
  async visibleResource(em: EntityManager, user: AuthUser, id: string): Promise<Resource> {
    const r = await this.resources.byId(em, id);
    const visible = this.visible(user);
    if (!r || (visible && !r.regionCodes.some((c) => visible.includes(c)))) throw notFound('Resource');
    return r;
  }

  private visible(user: AuthUser): string[] | null {
    return partyRegionsFor(user, this.jurisdiction.regions);
  }

  private async unitNames(em: EntityManager, rows: Resource[]): Promise<Map<string, string>> {
    const units = await this.units.byCodes(em, [...new Set(rows.map((r) => r.unitCode))]);
    return new Map(units.map((u) => [u.code, u.name]));
  }
}
