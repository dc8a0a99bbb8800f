import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Case } from '../case.entity';
import { OPEN_STATUSES } from '../domain/case-types';
import { recordset, setList, type Columns } from './recordset';

/** The columns a change of state writes. */
export type CasePatch = Pick<
  Case,
  | 'id'
  | 'status'
  | 'rung'
  | 'holderRegionCode'
  | 'reworkCount'
  | 'escalationCount'
  | 'reopened'
  | 'closureCount'
  | 'feedback'
  | 'resolvedAt'
  | 'closedAt'
  | 'updatedAt'
>;

const PATCH: Columns<CasePatch> = {
  id: 'uuid',
  status: 'text',
  rung: 'text',
  holderRegionCode: 'text',
  reworkCount: 'int',
  escalationCount: 'int',
  reopened: 'boolean',
  closureCount: 'int',
  feedback: 'text',
  resolvedAt: 'timestamptz',
  closedAt: 'timestamptz',
  updatedAt: 'timestamptz',
};

/**
 * The SLA view of the cases whose ids are in `$2`, derived from their unstopped deadlines: breached
 * if any is, warning if any warned, and the stage and due time of the nearest.
 */
const SLA_VIEW = `
  SELECT ids.id,
         CASE WHEN bool_or(d.state = 'breached') THEN 'breached' WHEN bool_or(d.state = 'warned') THEN 'warning' END AS state,
         (array_agg(d.stage ORDER BY d.due_at) FILTER (WHERE d.id IS NOT NULL))[1] AS stage,
         min(d.due_at) AS due_at,
         min(d.due_at) FILTER (WHERE d.stage = 'rung') AS rung_due_at,
         min(d.due_at) FILTER (WHERE d.stage = 'verify') AS verify_due_at
  FROM unnest($2::uuid[]) AS ids(id)
  LEFT JOIN deadline d ON d.case_id = ids.id AND d.state <> 'stopped'
  GROUP BY ids.id`;

/** The grid_case table: rows by id (locked or not), the intake insert, and bulk state changes with their SLA view. */
@Injectable()
export class CaseRepository {
  /** The case row locked until the transaction ends: changes to one case queue. */
  lock(em: EntityManager, id: string): Promise<Case | null> {
    return em.getRepository(Case).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  byIds(em: EntityManager, ids: string[]): Promise<Case[]> {
    return em.getRepository(Case).findBy({ id: In(ids) });
  }

  /**
   * Open cases of a category reported in the box since `since`: duplicate candidates. The statuses go
   * in as a literal list, the predicate of the partial index that serves this query.
   */
  openNear(em: EntityManager, categoryCode: string, box: { minLat: number; maxLat: number; minLng: number; maxLng: number }, since: Date) {
    return em
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.categoryCode = :categoryCode', { categoryCode })
      .andWhere(`c.status IN (${OPEN_STATUSES.map((x) => `'${x}'`).join(',')})`)
      .andWhere('c.createdAt > :since', { since })
      .andWhere('c.lat BETWEEN :minLat AND :maxLat AND c.lng BETWEEN :minLng AND :maxLng', box)
      .getMany();
  }

  /** Reports already merged into each case (partial index on duplicate_of). */
  mergedInto(em: EntityManager, ids: string[]): Promise<{ id: string; merged: number }[]> {
    return em.query(`SELECT duplicate_of AS id, count(*)::int AS merged FROM grid_case WHERE duplicate_of = ANY($1::uuid[]) GROUP BY duplicate_of`, [
      ids,
    ]);
  }

  async insert(em: EntityManager, row: Partial<Case>): Promise<Case> {
    const result = await em.getRepository(Case).insert(row);
    return em.getRepository(Case).findOneByOrFail({ id: result.identifiers[0].id });
  }

  /** The cases' new state and, from their deadlines as they now are, their SLA view: one update per row. */
  async update(em: EntityManager, rows: CasePatch[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `UPDATE grid_case c SET ${setList(PATCH)},
              sla_state = COALESCE(s.state, 'ok'), sla_stage = s.stage, sla_due_at = s.due_at,
              rung_due_at = s.rung_due_at, verify_due_at = s.verify_due_at
       FROM ${recordset(PATCH)}
       JOIN (${SLA_VIEW}) s ON s.id = x.id
       WHERE c.id = x.id`,
      [JSON.stringify(rows), rows.map((r) => r.id)],
    );
  }
}
