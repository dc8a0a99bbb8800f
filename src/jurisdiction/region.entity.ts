import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionLevel } from './region-level';

export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/**
 * One node of the jurisdiction tree. `path` ('/XH/XH-CQ/XH-CQ-A1/') makes subtree queries a prefix
 * match; the database derives a `polygon` column from `boundary` (outer ring only), whose `@>` answer the
 * in-memory locate (grid-locator.ts) reproduces.
 */
@Entity('region')
export class Region {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('text') level: RegionLevel;
  @Column('text', { nullable: true }) parentCode: string | null;
  @Column('text') path: string;
  @Column('jsonb') boundary: GeoJsonPolygon;
  @Column('jsonb', { nullable: true }) center: { lat: number; lng: number } | null;
  /** The boundary as a PostgreSQL polygon, kept by a trigger; the app no longer reads it (test/locate.e2e-spec.ts compares against it). */
  @Column({ type: 'polygon', nullable: true, select: false, insert: false, update: false }) area: string | null;
}
