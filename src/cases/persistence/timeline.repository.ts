import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '../case-event.entity';
import { fromRow, insertRows, type Columns } from './recordset';

export type TimelineRow = Pick<
  CaseEvent,
  'caseId' | 'at' | 'type' | 'actorId' | 'actor' | 'actorRole' | 'rung' | 'holderRegionCode' | 'taskId' | 'departmentCode' | 'note' | 'data'
>;

const ROW: Columns<TimelineRow> = {
  caseId: 'uuid',
  at: 'timestamptz',
  type: 'text',
  actorId: 'uuid',
  actor: 'text',
  actorRole: 'text',
  rung: 'text',
  holderRegionCode: 'text',
  taskId: 'uuid',
  departmentCode: 'text',
  note: 'text',
  data: 'jsonb',
};

const ENTRY: Columns<CaseEvent> = { id: 'bigint', ...ROW };

/** The case_event table (the timeline), in raw SQL: append-only, any cases' entries in one statement; read oldest first. */
@Injectable()
export class TimelineRepository {
  /** A case's entries after `afterId` (keyset on the id), oldest first, at most `limit`. */
  async page(em: EntityManager, caseId: string, limit: number, afterId?: string): Promise<CaseEvent[]> {
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT * FROM case_event WHERE case_id = $1 AND ($2::bigint IS NULL OR id > $2::bigint) ORDER BY id LIMIT $3`,
      [caseId, afterId ?? null, limit],
    );
    return rows.map((r) => fromRow(ENTRY, r));
  }

  async append(em: EntityManager, rows: TimelineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(insertRows('case_event', ROW), [JSON.stringify(rows)]);
  }
}
