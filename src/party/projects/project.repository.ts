import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Position } from '../../common/pagination';
import type { ProjectStatus } from '../domain/party-types';

export interface Milestone {
  index: number;
  title: string;
  dueAt: Date;
  completedAt: Date | null;
}

export interface Project {
  id: string;
  title: string;
  regionCode: string;
  leadUnitCode: string;
  partnerUnitCodes: string[];
  demandIds: string[];
  year: number;
  fundsCny: number | null;
  status: ProjectStatus;
  milestones: Milestone[];
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  droppedAt: Date | null;
}

export interface ProjectFilter {
  visible: string[] | null;
  regionCodes?: string[];
  statuses?: readonly ProjectStatus[];
  year?: number;
  after?: Position;
  limit: number;
}

const SELECT = `
  SELECT p.id, p.title, p.region_code, p.lead_unit_code, p.year, p.funds_cny::float8 AS funds_cny, p.status, p.created_by, p.created_at,
         p.started_at, p.finished_at, p.dropped_at,
         COALESCE((SELECT array_agg(pd.demand_id::text ORDER BY pd.demand_id) FROM party_project_demand pd WHERE pd.project_id = p.id), '{}'::text[]) AS demand_ids,
         COALESCE((SELECT array_agg(pp.unit_code ORDER BY pp.unit_code) FROM party_project_partner pp WHERE pp.project_id = p.id), '{}'::text[]) AS partner_codes,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('index', m.position, 'title', m.title, 'dueAt', m.due_at, 'completedAt', m.completed_at) ORDER BY m.position)
                   FROM party_project_milestone m WHERE m.project_id = p.id), '[]'::jsonb) AS milestones
  FROM party_project p`;

/** The party_project table (项目清单) with its demands, partner units and milestones. */
@Injectable()
export class ProjectRepository {
  async byId(em: EntityManager, id: string, lock = false): Promise<Project | undefined> {
    if (lock) await em.query(`SELECT 1 FROM party_project WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await em.query(`${SELECT} WHERE p.id = $1`, [id]);
    return row ? projectOf(row) : undefined;
  }

  async list(em: EntityManager, f: ProjectFilter): Promise<Project[]> {
    const rows = await em.query(
      `${SELECT}
       WHERE ($1::text[] IS NULL OR p.region_code = ANY($1::text[]))
         AND ($2::text[] IS NULL OR p.region_code = ANY($2::text[]))
         AND ($3::text[] IS NULL OR p.status = ANY($3::text[]))
         AND ($4::int IS NULL OR p.year = $4)
         AND ($5::timestamptz IS NULL OR (p.created_at, p.id) < ($5, $6::uuid))
       ORDER BY p.created_at DESC, p.id DESC LIMIT $7`,
      [f.visible, f.regionCodes ?? null, f.statuses ?? null, f.year ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit],
    );
    return rows.map(projectOf);
  }

  /** The projects (not dropped) that include any of these demands. */
  async liveIncluding(em: EntityManager, demandIds: string[]): Promise<{ projectId: string; demandId: string }[]> {
    const rows = await em.query(
      `SELECT pd.project_id, pd.demand_id FROM party_project_demand pd JOIN party_project p ON p.id = pd.project_id
       WHERE pd.demand_id = ANY($1::uuid[]) AND p.status <> 'dropped'`,
      [demandIds],
    );
    return rows.map((r: { project_id: string; demand_id: string }) => ({ projectId: r.project_id, demandId: r.demand_id }));
  }

  /** Projects by status among `regionCodes` (null: all) for a year, with their funds. */
  async countByStatus(
    em: EntityManager,
    regionCodes: string[] | null,
    year?: number,
  ): Promise<{ status: ProjectStatus; n: number; funds: number }[]> {
    return em.query(
      `SELECT status, count(*)::int AS n, COALESCE(sum(funds_cny), 0)::float8 AS funds FROM party_project
       WHERE ($1::text[] IS NULL OR region_code = ANY($1::text[])) AND ($2::int IS NULL OR year = $2)
       GROUP BY status`,
      [regionCodes, year ?? null],
    );
  }

  async insert(em: EntityManager, p: Omit<Project, 'id' | 'status' | 'startedAt' | 'finishedAt' | 'droppedAt'>): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO party_project (title, region_code, lead_unit_code, year, funds_cny, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [p.title, p.regionCode, p.leadUnitCode, p.year, p.fundsCny, p.createdBy, p.createdAt],
    );
    await em.query(`INSERT INTO party_project_demand (project_id, demand_id) SELECT $1, unnest($2::uuid[])`, [row.id, p.demandIds]);
    if (p.partnerUnitCodes.length)
      await em.query(`INSERT INTO party_project_partner (project_id, unit_code) SELECT $1, unnest($2::text[])`, [row.id, p.partnerUnitCodes]);
    if (p.milestones.length)
      await em.query(
        `INSERT INTO party_project_milestone (project_id, position, title, due_at)
         SELECT $1, m.i - 1, m.title, m.due_at FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS m(title, due_at, i)`,
        [row.id, p.milestones.map((m) => m.title), p.milestones.map((m) => m.dueAt)],
      );
    return row.id;
  }

  /** Moves the (locked) project to `to`, stamping the moment of its transition. */
  async setStatus(em: EntityManager, id: string, to: ProjectStatus, at: Date): Promise<void> {
    const stamp = { active: 'started_at', done: 'finished_at', dropped: 'dropped_at', proposed: null }[to];
    await em.query(`UPDATE party_project SET status = $2${stamp ? `, ${stamp} = $3` : ''} WHERE id = $1`, stamp ? [id, to, at] : [id, to]);
  }

  /** Completes a milestone once; false when it was completed already (or does not exist). */
  async completeMilestone(em: EntityManager, id: string, index: number, by: string, at: Date): Promise<boolean> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = await em.query(
      `UPDATE party_project_milestone SET completed_at = $4, completed_by = $3 WHERE project_id = $1 AND position = $2 AND completed_at IS NULL RETURNING position`,
      [id, index, by, at],
    );
    return rows.length === 1;
  }
}

function projectOf(r: Record<string, unknown>): Project {
  return {
    id: r.id as string,
    title: r.title as string,
    regionCode: r.region_code as string,
    leadUnitCode: r.lead_unit_code as string,
    partnerUnitCodes: r.partner_codes as string[],
    demandIds: r.demand_ids as string[],
    year: r.year as number,
    fundsCny: r.funds_cny as number | null,
    status: r.status as ProjectStatus,
    milestones: (r.milestones as { index: number; title: string; dueAt: string; completedAt: string | null }[]).map((m) => ({
      index: m.index,
      title: m.title,
      dueAt: new Date(m.dueAt),
      completedAt: m.completedAt ? new Date(m.completedAt) : null,
    })),
    createdBy: r.created_by as string,
    createdAt: r.created_at as Date,
    startedAt: r.started_at as Date | null,
    finishedAt: r.finished_at as Date | null,
    droppedAt: r.dropped_at as Date | null,
  };
}
