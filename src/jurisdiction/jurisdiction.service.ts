import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { notFound, unprocessable } from '../common/domain-error';
import type { RegionLevel } from './region-level';
import { Region } from './region.entity';
import { RegionNode, RegionTree } from './region-tree';

export type Placement = Record<RegionLevel, { code: string; name: string }>;

@Injectable()
export class JurisdictionService implements OnModuleInit {
  private tree = new RegionTree([]);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    const rows = await this.db.getRepository(Region).find({ select: { code: true, name: true, level: true, parentCode: true } });
    this.tree = new RegionTree(rows);
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

  /** The grid containing a point, and its ancestors; GiST-indexed point-in-polygon. */
  async locate(lat: number, lng: number): Promise<Placement> {
    const rows: { code: string }[] = await this.db.query(
      `SELECT code FROM region WHERE level = 'grid' AND area @> point($1, $2) ORDER BY code LIMIT 1`,
      [lng, lat],
    );
    if (rows.length === 0) throw unprocessable(`Location ${lat},${lng} is outside every grid`, 'location');
    return this.placement(rows[0].code);
  }

  /** A grid's ancestors keyed by level. */
  placement(gridCode: string): Placement {
    const lineage = this.tree.lineage(gridCode);
    if (lineage[0]?.level !== 'grid') throw unprocessable(`${gridCode} is not a grid`, 'gridCode');
    return Object.fromEntries(lineage.map((r) => [r.level, { code: r.code, name: r.name }])) as Placement;
  }
}
