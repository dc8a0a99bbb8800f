import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Position } from '../../common/pagination';

export interface Resource {
  id: string;
  unitCode: string;
  class: string;
  title: string;
  detail: string | null;
  capacity: number | null;
  claimed: number;
  regionCodes: string[];
  createdBy: string;
  createdAt: Date;
}

export interface ResourceFilter {
  /** Resources offered to one of these regions; null: every resource. */
  visible: string[] | null;
  regionCodes?: string[];
  unitCode?: string;
  class?: string;
  year?: number;
  after?: Position;
  limit: number;
}

const SELECT = `
  SELECT r.id, r.unit_code, r.class, r.title, r.detail, r.capacity, r.claimed, r.created_by, r.created_at,
         COALESCE((SELECT array_agg(rr.region_code ORDER BY rr.region_code) FROM party_resource_region rr WHERE rr.resource_id = r.id), '{}'::text[]) AS region_codes
  FROM party_resource r`;

const OFFERED_TO = (param: string) =>
  `(${param}::text[] IS NULL OR EXISTS (SELECT 1 FROM party_resource_region rr WHERE rr.resource_id = r.id AND rr.region_code = ANY(${param}::text[])))`;

/** The party_resource table (资源清单), the regions each resource serves, and its claimed counter. */
@Injectable()
export class ResourceRepository {
  async byId(em: EntityManager, id: string): Promise<Resource | undefined> {
    const [row] = await em.query(`${SELECT} WHERE r.id = $1`, [id]);
    return row ? resourceOf(row) : undefined;
  }

  async list(em: EntityManager, f: ResourceFilter): Promise<Resource[]> {
    const rows = await em.query(
      `${SELECT}
       WHERE ${OFFERED_TO('$1')} AND ${OFFERED_TO('$2')}
         AND ($3::text IS NULL OR r.unit_code = $3)
         AND ($4::text IS NULL OR r.class = $4)
         AND ($5::int IS NULL OR extract(year FROM r.created_at AT TIME ZONE 'Asia/Shanghai') = $5)
         AND ($6::timestamptz IS NULL OR (r.created_at, r.id) < ($6, $7::uuid))
       ORDER BY r.created_at DESC, r.id DESC LIMIT $8`,
      [
        f.visible,
        f.regionCodes ?? null,
        f.unitCode ?? null,
        f.class ?? null,
        f.year ?? null,
        f.after?.createdAt ?? null,
        f.after?.id ?? null,
        f.limit,
      ],
    );
    return rows.map(resourceOf);
  }

  async count(em: EntityManager, visible: string[] | null, year?: number): Promise<number> {
    const [row] = await em.query(
      `SELECT count(*)::int AS n FROM party_resource r
       WHERE ${OFFERED_TO('$1')} AND ($2::int IS NULL OR extract(year FROM r.created_at AT TIME ZONE 'Asia/Shanghai') = $2)`,
      [visible, year ?? null],
    );
    return row.n;
  }

  async insert(
    em: EntityManager,
    r: Pick<Resource, 'unitCode' | 'class' | 'title' | 'detail' | 'capacity' | 'regionCodes' | 'createdBy' | 'createdAt'>,
  ): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO party_resource (unit_code, class, title, detail, capacity, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.unitCode, r.class, r.title, r.detail, r.capacity, r.createdBy, r.createdAt],
    );
    await em.query(`INSERT INTO party_resource_region (resource_id, region_code) SELECT $1, unnest($2::text[])`, [row.id, r.regionCodes]);
    return row.id;
  }

  /**
   * Takes one unit of capacity: a conditional UPDATE, so concurrent claims queue on the row and each sees
   * the count the previous one left. False when none is left (or no such resource).
   */
  async take(em: EntityManager, id: string): Promise<boolean> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = await em.query(
      `UPDATE party_resource SET claimed = claimed + 1 WHERE id = $1 AND (capacity IS NULL OR claimed < capacity) RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  async giveBack(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE party_resource SET claimed = claimed - 1 WHERE id = $1 AND claimed > 0`, [id]);
  }
}

function resourceOf(r: Record<string, unknown>): Resource {
  return {
    id: r.id as string,
    unitCode: r.unit_code as string,
    class: r.class as string,
    title: r.title as string,
    detail: r.detail as string | null,
    capacity: r.capacity as number | null,
    claimed: r.claimed as number,
    regionCodes: r.region_codes as string[],
    createdBy: r.created_by as string,
    createdAt: r.created_at as Date,
  };
}
