import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { canSeeRegion, scopeOf, type Scope } from '../auth/visibility';
import { CatalogService } from '../catalog/catalog.service';
import { forbidden } from '../common/domain-error';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { REGION_LEVELS, type RegionLevel } from '../jurisdiction/region-level';
import { IndicatorRepository } from './indicator.repository';
import { addCounts, ZERO, type Counts, type UnitKind } from './indicators';

export interface UnitCounts {
  code: string;
  name: string;
  counts: Counts;
}

const deeper = (a: RegionLevel, b: RegionLevel) => REGION_LEVELS.indexOf(a) > REGION_LEVELS.indexOf(b);

/**
 * The indicators of every unit inside the caller's jurisdiction (API.md): the regions of a level in its
 * subtree; departments — all of them for an area or above, its own for a liaison — counting only the
 * tasks on cases the caller can see (a street compares the departments on its own cases). A unit kind
 * with no unit inside the jurisdiction is 403, not an empty table.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly repo: IndicatorRepository,
    private readonly jurisdiction: JurisdictionService,
    private readonly catalog: CatalogService,
  ) {}

  /** The units of a kind inside the caller's jurisdiction, by code; 403 when there is none. */
  async units(user: AuthUser, kind: UnitKind): Promise<{ code: string; name: string }[]> {
    const scope = scopeOf(user, this.jurisdiction.regions);
    return kind === 'department' ? this.departmentUnits(scope) : this.regionUnits(scope, kind);
  }

  async of(user: AuthUser, kind: UnitKind, from: Date, to: Date): Promise<UnitCounts[]> {
    const scope = scopeOf(user, this.jurisdiction.regions);
    return kind === 'department' ? this.departments(scope, from, to) : this.regions(scope, kind, from, to);
  }

  private async departmentUnits(scope: Scope) {
    if (scope.kind === 'region' && deeper(scope.level, 'area')) {
      throw forbidden('Departments are compared by area, street and district users, and each liaison sees its own');
    }
    const all = (await this.catalog.departments()).map((d) => ({ code: d.code, name: d.name })).sort((a, b) => a.code.localeCompare(b.code));
    return scope.kind === 'department' ? all.filter((d) => d.code === scope.code) : all;
  }

  private regionUnits(scope: Scope, level: Exclude<UnitKind, 'department'>) {
    if (scope.kind === 'department' || (scope.kind === 'region' && deeper(scope.level, level))) {
      throw forbidden(`No ${level} lies inside your jurisdiction`);
    }
    const tree = this.jurisdiction.regions;
    return tree
      .all()
      .filter((r) => r.level === level && canSeeRegion(scope, r.code, tree))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  private async departments(scope: Scope, from: Date, to: Date): Promise<UnitCounts[]> {
    const units = await this.departmentUnits(scope);
    // A region's caller sees its grids' cases; a liaison's scope is its department's tasks, which `units` already is.
    const grids = scope.kind === 'region' ? this.gridsOf(scope.code) : null;
    const found = await this.repo.departments(
      units.map((d) => d.code),
      from,
      to,
      grids,
    );
    const rows = new Map(found.map(({ code, ...counts }) => [code, counts]));
    return units.map((d) => ({ code: d.code, name: d.name, counts: rows.get(d.code) ?? ZERO }));
  }

  /** The grids of a region (itself, if a grid). */
  private gridsOf(region: string): string[] {
    const tree = this.jurisdiction.regions;
    return tree
      .all()
      .filter((r) => r.level === 'grid' && tree.isWithin(r.code, region))
      .map((r) => r.code);
  }

  private async regions(scope: Scope, level: Exclude<UnitKind, 'department'>, from: Date, to: Date): Promise<UnitCounts[]> {
    const units = this.regionUnits(scope, level);
    const tree = this.jurisdiction.regions;
    const unitOfGrid = new Map<string, string>();
    for (const g of tree.all().filter((r) => r.level === 'grid')) {
      const unit = tree.ancestorAt(g.code, level);
      if (unit && canSeeRegion(scope, unit.code, tree)) unitOfGrid.set(g.code, unit.code);
    }
    const totals = new Map(units.map((u) => [u.code, ZERO]));
    for (const { code, ...counts } of await this.repo.grids([...unitOfGrid.keys()], from, to)) {
      const unit = unitOfGrid.get(code)!;
      totals.set(unit, addCounts(totals.get(unit)!, counts));
    }
    return units.map((u) => ({ code: u.code, name: u.name, counts: totals.get(u.code)! }));
  }
}
