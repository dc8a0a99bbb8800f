import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SlaView } from '../../sla/clock-plan';
import type { Case } from '../case.entity';
import { OPEN_STATUSES } from '../domain/case-types';
import { fromRow, insertRows, recordset, setList, type Columns } from './recordset';

/** Every column of grid_case, once: inserts, reads and the patch below are derived from it. */
const CASE: Columns<Case> = {
  id: 'uuid',
  code: 'text',
  trackingCode: 'text',
  status: 'text',
  rung: 'text',
  holderRegionCode: 'text',
  categoryCode: 'text',
  priority: 'text',
  description: 'text',
  address: 'text',
  lat: 'float8',
  lng: 'float8',
  districtCode: 'text',
  streetCode: 'text',
  areaCode: 'text',
  neighbourhoodCode: 'text',
  gridCode: 'text',
  source: 'text',
  reporterName: 'text',
  reporterPhone: 'text',
  photos: 'uuid[]',
  duplicateOf: 'uuid',
  reworkCount: 'int',
  escalationCount: 'int',
  closureCount: 'int',
  reopened: 'boolean',
  resolvedOnSite: 'boolean',
  feedback: 'text',
  createdBy: 'uuid',
  idempotencyKey: 'text',
  externalRef: 'text',
  requestType: 'text',
  slaState: 'text',
  slaStage: 'text',
  slaDueAt: 'timestamptz',
  rungDueAt: 'timestamptz',
  verifyDueAt: 'timestamptz',
  supervisedAt: 'timestamptz',
  supervisionDueAt: 'timestamptz',
  supervisionCount: 'int',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
  resolvedAt: 'timestamptz',
  closedAt: 'timestamptz',
};

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
  | 'supervisedAt'
  | 'supervisionDueAt'
  | 'supervisionCount'
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
  supervisedAt: 'timestamptz',
  supervisionDueAt: 'timestamptz',
  supervisionCount: 'int',
};

/**
 * The SLA view of the cases whose ids are in `$2`, derived from their unstopped deadlines: breached
 * if any is, warning if any warned, and the stage and due time of the nearest. (A case just opened
 * has only running deadlines: clock-plan.ts's `slaViewOfNew` is this view for it, in memory.)
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

const SELECT_CASE = `SELECT * FROM grid_case`;

/** What a page of the case list asks: the caller's scope (a predicate on `c` with `$1`), filters, and where the page starts. */
export interface ListQuery {
  /** The scope's predicate; its code, if it has one, is `$1`. */
  scope: { sql: string; param?: string };
  status?: string;
  rung?: string;
  categoryCode?: string;
  overdue?: boolean;
  region?: { level: string; code: string };
  departmentCode?: string;
  /** A fragment of the code, description or address. */
  q?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A duplicate candidate: an open case of the same category near a new report. */
export interface NearCase {
  /** The report (its index in the batch) it is near. */
  report: number;
  id: string;
  code: string;
  lat: number;
  lng: number;
  createdAt: Date;
  /** Reports already merged into it. */
  merged: number;
}

export interface NearQuery {
  categoryCode: string;
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
  since: Date;
}

/**
 * The grid_case table, in raw SQL: rows by id (locked or not), new rows, duplicate candidates, and
 * bulk state changes with their SLA view. Rows are written whole from what the caller holds, so a
 * change reads back only what the database derived (the SLA view).
 */
@Injectable()
export class CaseRepository {
  /** Rows locked in id order, so that two transactions locking overlapping sets never deadlock. */
  lockMany(em: EntityManager, ids: string[]): Promise<Case[]> {
    return this.select(em, `${SELECT_CASE} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  byIds(em: EntityManager, ids: string[]): Promise<Case[]> {
    return this.select(em, `${SELECT_CASE} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async byTrackingCode(em: EntityManager, trackingCode: string): Promise<Case | null> {
    const [row] = await this.select(em, `${SELECT_CASE} WHERE tracking_code = $1`, [trackingCode]);
    return row ?? null;
  }

  /** A page of the list, newest first (keyset on created_at, id). */
  async list(em: EntityManager, l: ListQuery): Promise<Case[]> {
    const params: unknown[] = l.scope.param === undefined ? [] : [l.scope.param];
    const where = [l.scope.sql];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (l.status) where.push(`c.status = ${param(l.status)}`);
    if (l.rung) where.push(`c.rung = ${param(l.rung)}`);
    if (l.categoryCode) where.push(`c.category_code = ${param(l.categoryCode)}`);
    if (l.overdue) where.push(`c.sla_state = 'breached'`);
    if (l.region) where.push(`c.${l.region.level}_code = ${param(l.region.code)}`);
    if (l.departmentCode) where.push(`EXISTS (SELECT 1 FROM task ft WHERE ft.case_id = c.id AND ft.department_code = ${param(l.departmentCode)})`);
    if (l.q) {
      const like = param(`%${escapeLike(l.q)}%`);
      where.push(`(c.code ILIKE ${like} OR c.description ILIKE ${like} OR c.address ILIKE ${like})`);
    }
    if (l.after) where.push(`(c.created_at, c.id) < (${param(l.after.createdAt)}, ${param(l.after.id)})`);
    return this.select(
      em,
      `SELECT c.* FROM grid_case c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${param(l.limit)}`,
      params,
    );
  }

  /**
   * A user's (or, with no user, a resident's) report by its Idempotency-Key. `created_by IS NULL` and
   * `created_by = $1` are spelled apart so that each is a lookup in its own partial unique index: with
   * `IS NOT DISTINCT FROM` the planner walked the whole staff index for the key (EXPLAIN cost 166 vs 8
   * over 50,000 cases).
   */
  /** The case of a 12345 work order, if it was taken in already. */
  async byExternalRef(em: EntityManager, ref: string): Promise<Case | null> {
    const [row] = await this.select(em, `${SELECT_CASE} WHERE external_ref = $1`, [ref]);
    return row ?? null;
  }

  async byIdempotencyKey(em: EntityManager, createdBy: string | null, key: string): Promise<Case | null> {
    const [row] =
      createdBy === null
        ? await this.select(em, `${SELECT_CASE} WHERE idempotency_key = $1 AND created_by IS NULL`, [key])
        : await this.select(em, `${SELECT_CASE} WHERE idempotency_key = $2 AND created_by = $1`, [createdBy, key]);
    return row ?? null;
  }

  /**
   * Open cases of a category reported in a box since a time, for each query: duplicate candidates,
   * with the reports already merged into each. The statuses go in as a literal list, the predicate
   * of the partial index that serves this query.
   */
  async openNear(em: EntityManager, queries: NearQuery[]): Promise<NearCase[]> {
    if (queries.length === 0) return [];
    // Each report looks up its own candidates on the duplicates index: OFFSET 0 keeps the planner from
    // flattening the LATERAL into one hash join over every open case (3.3 → 0.4 ms for 6 reports over 8,000).
    const rows: (Omit<NearCase, 'createdAt'> & { created_at: Date })[] = await em.query(
      `SELECT q.report, c.id, c.code, c.lat, c.lng, c.created_at,
              (SELECT count(*)::int FROM grid_case m WHERE m.duplicate_of = c.id) AS merged
       FROM jsonb_to_recordset($1::jsonb) AS q(report int, "categoryCode" text, "minLat" float8, "maxLat" float8,
                                                 "minLng" float8, "maxLng" float8, since timestamptz)
       CROSS JOIN LATERAL (
         SELECT id, code, lat, lng, created_at FROM grid_case c
         WHERE c.category_code = q."categoryCode"
           AND c.status IN (${OPEN_STATUSES.map((x) => `'${x}'`).join(',')})
           AND c.created_at > q.since
           AND c.lat BETWEEN q."minLat" AND q."maxLat" AND c.lng BETWEEN q."minLng" AND q."maxLng"
         OFFSET 0) c`,
      [JSON.stringify(queries.map((q, report) => ({ ...q, report })))],
    );
    return rows.map(({ created_at, ...r }) => ({ ...r, createdAt: created_at }));
  }

  /**
   * The next `count` numbers of the case-code sequence, after taking the spots' duplicate-check
   * locks until the transaction ends — in one round trip, since every intake batch needs both. A
   * sequence hands out numbers without locks, so concurrent intakes never share a number; the spots
   * are locked in one order (sorted), so that two batches never deadlock and intakes of one spot take
   * turns. (The candidates are read by the next statement, whose snapshot sees what the lock waited for.)
   */
  async reserve(em: EntityManager, count: number, spots: string[]): Promise<number[]> {
    const rows: { n: string }[] = await em.query(
      `WITH locked AS (SELECT count(pg_advisory_xact_lock(hashtext(s))) FROM (SELECT DISTINCT unnest($2::text[]) AS s ORDER BY 1) spots)
       SELECT nextval('case_code_seq') AS n FROM generate_series(1, $1), locked`,
      [count, spots],
    );
    return rows.map((r) => Number(r.n));
  }

  /**
   * How many cases of these (category, grid) pairs were reported in each window [from, to): the effect of a
   * party-building project (src/party/domain/effect.ts). Merged duplicates and cancelled reports are not
   * problems of their own, so they are left out.
   */
  async countByPlaceInWindows(
    em: EntityManager,
    pairs: { categoryCode: string; gridCode: string }[],
    windows: { from: Date; to: Date }[],
  ): Promise<number[]> {
    if (windows.length === 0) return [];
    const rows: { n: number }[] = await em.query(
      `SELECT w.i, count(c.id)::int AS n
       FROM unnest($3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS w(f, t, i)
       LEFT JOIN grid_case c ON c.created_at >= w.f AND c.created_at < w.t AND c.status NOT IN ('merged', 'cancelled')
         AND (c.category_code, c.grid_code) IN (SELECT p.category_code, p.grid_code FROM unnest($1::text[], $2::text[]) AS p(category_code, grid_code))
       GROUP BY w.i ORDER BY w.i`,
      [pairs.map((p) => p.categoryCode), pairs.map((p) => p.gridCode), windows.map((w) => w.from), windows.map((w) => w.to)],
    );
    return rows.map((r) => r.n);
  }

  /** Whole new rows. */
  async insert(em: EntityManager, rows: Case[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(insertRows('grid_case', CASE), [JSON.stringify(rows)]);
  }

  /**
   * The cases' new state and, from their deadlines as they now are, their SLA view: one update per
   * row. Answers the SLA view written, by case id.
   */
  async update(em: EntityManager, rows: CasePatch[]): Promise<Map<string, SlaView>> {
    if (rows.length === 0) return new Map();
    const [written]: [
      {
        id: string;
        sla_state: SlaView['slaState'];
        sla_stage: SlaView['slaStage'];
        sla_due_at: Date | null;
        rung_due_at: Date | null;
        verify_due_at: Date | null;
      }[],
      number,
    ] = await em.query(
      `UPDATE grid_case c SET ${setList(PATCH)},
                sla_state = COALESCE(s.state, 'ok'), sla_stage = s.stage, sla_due_at = s.due_at,
                rung_due_at = s.rung_due_at, verify_due_at = s.verify_due_at
         FROM ${recordset(PATCH)}
         JOIN (${SLA_VIEW}) s ON s.id = x.id
         WHERE c.id = x.id
         RETURNING c.id, c.sla_state, c.sla_stage, c.sla_due_at, c.rung_due_at, c.verify_due_at`,
      [JSON.stringify(rows), rows.map((r) => r.id)],
    );
    return new Map(
      written.map((r) => [
        r.id,
        { slaState: r.sla_state, slaStage: r.sla_stage, slaDueAt: r.sla_due_at, rungDueAt: r.rung_due_at, verifyDueAt: r.verify_due_at },
      ]),
    );
  }

  /** The whole rows a SELECT of grid_case answers, as cases. */
  private async select(em: EntityManager, sql: string, params: unknown[]): Promise<Case[]> {
    const rows: Record<string, unknown>[] = await em.query(sql, params);
    return rows.map((r) => fromRow(CASE, r));
  }
}
