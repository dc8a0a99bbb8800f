import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Position } from '../../common/pagination';
import type { DemandStatus } from '../domain/party-types';

export interface Demand {
  id: string;
  regionCode: string;
  class: string;
  title: string;
  detail: string | null;
  status: DemandStatus;
  raisedBy: string;
  caseIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface DemandFilter {
  /** null: every region. */
  visible: string[] | null;
  regionCodes?: string[];
  status?: DemandStatus;
  class?: string;
  year?: number;
  after?: Position;
  limit: number;
}

const SELECT = `
  SELECT d.id, d.region_code, d.class, d.title, d.detail, d.status, d.raised_by, d.created_at, d.updated_at,
         COALESCE((SELECT array_agg(dc.case_id::text ORDER BY dc.case_id) FROM party_demand_case dc WHERE dc.demand_id = d.id), '{}'::text[]) AS case_ids
  FROM party_demand d`;

/** The party_demand table (需求清单) and its cited cases (party_demand_case). */
@Injectable()
export class DemandRepository {
  async byId(em: EntityManager, id: string): Promise<Demand | undefined> {
    const [row] = await em.query(`${SELECT} WHERE d.id = $1`, [id]);
    return row ? demandOf(row) : undefined;
  }

  async byIds(em: EntityManager, ids: string[]): Promise<Demand[]> {
    return (await em.query(`${SELECT} WHERE d.id = ANY($1::uuid[]) ORDER BY d.id`, [ids])).map(demandOf);
  }

  /** The demand rows locked (in id order, so overlapping sets never deadlock); their statuses as they are now. */
  async lock(em: EntityManager, ids: string[]): Promise<Map<string, DemandStatus>> {
    const rows = await em.query(`SELECT id, status FROM party_demand WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
    return new Map(rows.map((r: { id: string; status: DemandStatus }) => [r.id, r.status]));
  }

  /** Moves demands from one of `from` to `to` at `at`; the ids that moved (a demand in another status stays). */
  async move(em: EntityManager, ids: string[], from: readonly DemandStatus[], to: DemandStatus, at: Date): Promise<string[]> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [{ id: string }[], number] = await em.query(
      `UPDATE party_demand SET status = $3, updated_at = $4 WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[]) RETURNING id`,
      [ids, from, to, at],
    );
    return rows.map((r) => r.id);
  }

  async list(em: EntityManager, f: DemandFilter): Promise<Demand[]> {
    const rows = await em.query(
      `${SELECT}
       WHERE ($1::text[] IS NULL OR d.region_code = ANY($1::text[]))
         AND ($2::text[] IS NULL OR d.region_code = ANY($2::text[]))
         AND ($3::text IS NULL OR d.status = $3)
         AND ($4::text IS NULL OR d.class = $4)
         AND ($5::int IS NULL OR extract(year FROM d.created_at AT TIME ZONE 'Asia/Shanghai') = $5)
         AND ($6::timestamptz IS NULL OR (d.created_at, d.id) < ($6, $7::uuid))
       ORDER BY d.created_at DESC, d.id DESC LIMIT $8`,
      [f.visible, f.regionCodes ?? null, f.status ?? null, f.class ?? null, f.year ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit],
    );
    return rows.map(demandOf);
  }

  /** Demands by status among `regionCodes` (null: all), raised in `year` (Asia/Shanghai) when given. */
  async countByStatus(em: EntityManager, regionCodes: string[] | null, year?: number): Promise<Record<string, number>> {
    const rows = await em.query(
      `SELECT status, count(*)::int AS n FROM party_demand
       WHERE ($1::text[] IS NULL OR region_code = ANY($1::text[]))
         AND ($2::int IS NULL OR extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai') = $2)
       GROUP BY status`,
      [regionCodes, year ?? null],
    );
    return Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n]));
  }

  async insert(
    em: EntityManager,
    d: Pick<Demand, 'regionCode' | 'class' | 'title' | 'detail' | 'raisedBy' | 'caseIds' | 'createdAt'>,
  ): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO party_demand (region_code, class, title, detail, raised_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [d.regionCode, d.class, d.title, d.detail, d.raisedBy, d.createdAt],
    );
    if (d.caseIds.length) await em.query(`INSERT INTO party_demand_case (demand_id, case_id) SELECT $1, unnest($2::uuid[])`, [row.id, d.caseIds]);
    return row.id;
  }

  /** The (category, grid) pairs are the cases' own; here only which cases the demands cite. */
  async citedCases(em: EntityManager, demandIds: string[]): Promise<string[]> {
    const rows = await em.query(`SELECT DISTINCT case_id FROM party_demand_case WHERE demand_id = ANY($1::uuid[])`, [demandIds]);
    return rows.map((r: { case_id: string }) => r.case_id);
  }
}

function demandOf(r: Record<string, unknown>): Demand {
  return {
    id: r.id as string,
    regionCode: r.region_code as string,
    class: r.class as string,
    title: r.title as string,
    detail: r.detail as string | null,
    status: r.status as DemandStatus,
    raisedBy: r.raised_by as string,
    caseIds: r.case_ids as string[],
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
