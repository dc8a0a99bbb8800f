import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { partyRegionsOf, scopeOf } from '../../auth/visibility';
import { conflict, forbidden, invalid, notFound } from '../../common/domain-error';
import { partyRegionsFor, seen } from '../party-scope';
import type { Page } from '../../common/pagination';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { UNIT_CODE, type CreateUnitDto, type PatchUnitDto, type UnitListQuery } from './units.dto';
import { type MemberUnit, UnitRepository } from './unit.repository';

export const unitView = (u: MemberUnit) => ({
  code: u.code,
  name: u.name,
  kind: u.kind,
  regionCode: u.regionCode,
  contact: { ...u.contact },
  active: u.active,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});
export type UnitView = ReturnType<typeof unitView>;

/** 共建单位: a street keeps the units of its street, an admin every unit (district-wide ones too). */
@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly units: UnitRepository,
  ) {}

  async list(user: AuthUser, q: UnitListQuery): Promise<Page<UnitView>> {
    const tree = this.jurisdiction.regions;
    const scope = scopeOf(user, tree);
    // Any staff reads the units that concern its region: its street's and the district's; a liaison all.
    let regionCodes = scope.kind === 'department' ? null : partyRegionsOf(scope, tree);
    if (q.regionCode) {
      if (!tree.get(q.regionCode) || (regionCodes && !regionCodes.includes(q.regionCode))) throw notFound(`Region ${q.regionCode}`);
      regionCodes = [q.regionCode];
    }
    const limit = q.limit ?? 50;
    const rows = await this.units.list(this.db.manager, { regionCodes, kind: q.kind, q: q.q, after: decodeUnitCursor(q.cursor), limit: limit + 1 });
    const more = rows.length > limit;
    const served = more ? rows.slice(0, limit) : rows;
    const last = served[served.length - 1];
    return {
      items: served.map(unitView),
      nextCursor: more ? Buffer.from(`${last.createdAt.toISOString()}|${last.code}`).toString('base64url') : null,
    };
  }

  async create(user: AuthUser, body: CreateUnitDto): Promise<UnitView> {
    this.checkRegion(user, body.regionCode);
    const unit = { code: body.code, name: body.name, kind: body.kind, regionCode: body.regionCode, contact: body.contact };
    if (!(await this.units.insert(this.db.manager, unit))) throw conflict(`unit code ${body.code} is taken`);
    return unitView((await this.units.byCode(this.db.manager, body.code))!);
  }

  async patch(user: AuthUser, code: string, body: PatchUnitDto): Promise<UnitView> {
    if (!UNIT_CODE.test(code)) throw invalid('code', 'code must be a unit code');
    return this.db.transaction(async (em) => {
      const unit = await this.units.byCode(em, code, true);
      if (!unit || !seen(partyRegionsFor(user, this.jurisdiction.regions), unit.regionCode)) throw notFound(`Unit ${code}`);
      this.checkRegion(user, unit.regionCode);
      if (body.regionCode !== undefined) this.checkRegion(user, body.regionCode);
      const next: MemberUnit = {
        ...unit,
        name: body.name ?? unit.name,
        kind: body.kind ?? unit.kind,
        regionCode: body.regionCode ?? unit.regionCode,
        contact: { name: body.contact?.name ?? unit.contact.name, phone: body.contact?.phone ?? unit.contact.phone },
        active: body.active ?? unit.active,
      };
      await this.units.update(em, next);
      return unitView((await this.units.byCode(em, code))!);
    });
  }

  /** A unit belongs to a street or to the district; a street user keeps only its own street's. */
  private checkRegion(user: AuthUser, regionCode: string): void {
    const region = this.jurisdiction.regions.get(regionCode);
    if (!region) throw invalid('regionCode', `unknown region ${regionCode}`);
    if (region.level !== 'street' && region.level !== 'district') throw invalid('regionCode', 'a unit belongs to a street or to the district');
    if (user.role !== 'admin' && regionCode !== user.regionCode)
      throw forbidden(`units of ${regionCode} are kept by ${regionCode === this.jurisdiction.regions.root().code ? 'the district' : 'that street'}`);
  }
}

function decodeUnitCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const [at, code] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  if (!code || !UNIT_CODE.test(code) || Number.isNaN(createdAt.getTime())) throw invalid('cursor', 'cursor is not valid');
  return { createdAt, id: code };
}
