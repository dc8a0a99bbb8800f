import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '../case-event.entity';
import { insertRows, type Columns } from './recordset';

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

/** The case_event table (the timeline): append-only, any cases' entries in one statement. */
@Injectable()
export class TimelineRepository {
  async append(em: EntityManager, rows: TimelineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(insertRows('case_event', ROW), [JSON.stringify(rows)]);
  }
}
