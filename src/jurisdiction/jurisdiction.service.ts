import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { notFound, unprocessable } from '../common/domain-error';
import type { RegionLevel } from './region-level';
import { Region } from './region.entity';
import { RegionNode, RegionTree } from './region-tree';
import { GridLocator } from './grid-locator';

export type Placement = Record<RegionLevel, { code: string; name: string }>;

@Injectable()
export class JurisdictionService implements OnModuleInit {
  private tree = new RegionTree([]);
  private grids = new GridLocator([]);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    const rows = await this.db.getRepository(Region).find({ select: { code: true, name: true, level: true, parentCode: true, boundary: true } });
    this.tree = new RegionTree(rows.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode })));
    this.grids = new GridLocator(rows.filter((r) => r.level === 'grid'));
  }

  get regions(): RegionTree {
    return this.tree;
  }

  require(code: string): RegionNode {
    const region = this.tree.get(code);
    if (!region) throw notFound(`Region ${code}`);
    return region;
  }

  async detail(code: string): Promise<Region> {
    const region = await this.db.getRepository(Region).findOneBy({ code });
    if (!region) throw notFound(`Region ${code}`);
    return region;
  }

  async boundaries(codes: string[]): Promise<Map<string, Pick<Region, 'boundary' | 'center'>>> {
    const rows = await this.db.getRepository(Region).find({ where: { code: In(codes) }, select: { code: true, boundary: true, center: true } });
    return new Map(rows.map((r) => [r.code, { boundary: r.boundary, center: r.center }]));
  }

  /**
   * The grid containing a point, and its ancestors. Answered from the boundaries in memory (every intake
   * asks), with the same answer as PostgreSQL's `area @> point` on the region table.
   */
  locate(lat: number, lng: number): Placement {
    const code = this.gridAt(lat, lng);
    if (code === null) throw unprocessable(`Location ${lat},${lng} is outside every grid`, 'location');
    return this.placement(code);
  }

  /** The code of the grid containing a point (the smallest on a shared border); null outside every grid. */
  gridAt(lat: number, lng: number): string | null {
    return this.grids.gridAt(lat, lng);
  }

  /** A grid's ancestors keyed by level. */
  placement(gridCode: string): Placement {
    const lineage = this.tree.lineage(gridCode);
    if (lineage[0]?.level !== 'grid') throw unprocessable(`${gridCode} is not a grid`, 'gridCode');
    return Object.fromEntries(lineage.map((r) => [r.level, { code: r.code, name: r.name }])) as Placement;
  }
}
