import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Task } from '../task.entity';
import { fromRow, insertRows, recordset, setList, type Columns } from './recordset';

/** The columns a change writes: the whole row but its case, department, role and creation. */
export type TaskRow = Pick<
  Task,
  | 'id'
  | 'status'
  | 'recalled'
  | 'claimedBy'
  | 'claimedAt'
  | 'doneAt'
  | 'returnedAt'
  | 'note'
  | 'photos'
  | 'updatedAt'
  | 'claimDueAt'
  | 'handleDueAt'
  | 'late'
  | 'sentBack'
  | 'extended'
  | 'reworked'
>;

const ROW: Columns<TaskRow> = {
  id: 'uuid',
  status: 'text',
  recalled: 'boolean',
  claimedBy: 'uuid',
  claimedAt: 'timestamptz',
  doneAt: 'timestamptz',
  returnedAt: 'timestamptz',
  note: 'text',
  photos: 'uuid[]',
  updatedAt: 'timestamptz',
  claimDueAt: 'timestamptz',
  handleDueAt: 'timestamptz',
  late: 'boolean',
  sentBack: 'boolean',
  extended: 'boolean',
  reworked: 'boolean',
};
/** A task row as it is created: every column. */
export type NewTask = Omit<Task, 'case'>;
const NEW: Columns<NewTask> = {
  ...ROW,
  caseId: 'uuid',
  departmentCode: 'text',
  role: 'text',
  gridCode: 'text',
  urgent: 'boolean',
  createdAt: 'timestamptz',
};

/**
 * The task table, in raw SQL: a case's tasks, new tasks, and bulk changes of any cases' tasks. Rows are written
 * whole from what the caller holds (the case is locked), so nothing needs reading back.
 */
@Injectable()
export class TaskRepository {
  /** Tasks of the cases, oldest first. */
  async ofCases(em: EntityManager, caseIds: string[]): Promise<Task[]> {
    if (caseIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await em.query(`SELECT * FROM task WHERE case_id = ANY($1::uuid[]) ORDER BY created_at, id`, [caseIds]);
    return rows.map((r) => fromRow(NEW, r) as Task);
  }

  async insert(em: EntityManager, rows: NewTask[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(insertRows('task', NEW), [JSON.stringify(rows)]);
  }

  async update(em: EntityManager, rows: TaskRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(`UPDATE task t SET ${setList(ROW)} FROM ${recordset(ROW)} WHERE t.id = x.id`, [JSON.stringify(rows)]);
  }
}
