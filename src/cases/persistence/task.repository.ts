import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { TaskDue } from '../../sla/deadline.repository';
import { Task } from '../task.entity';
import { recordset, setList, type Columns } from './recordset';

export type NewTask = Pick<Task, 'id' | 'caseId' | 'departmentCode' | 'role' | 'createdAt'>;
export type TaskRow = Pick<
  Task,
  'id' | 'status' | 'recalled' | 'claimedBy' | 'claimedAt' | 'doneAt' | 'returnedAt' | 'note' | 'photos' | 'updatedAt'
>;

const NEW: Columns<NewTask> = { id: 'uuid', caseId: 'uuid', departmentCode: 'text', role: 'text', createdAt: 'timestamptz' };
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
};
const DUE: Columns<Required<TaskDue>> = { taskId: 'uuid', claimDueAt: 'timestamptz', handleDueAt: 'timestamptz' };

/** The task table: a case's tasks, new tasks, and bulk changes of any cases' tasks. */
@Injectable()
export class TaskRepository {
  /** Tasks of the cases, oldest first. */
  ofCases(em: EntityManager, caseIds: string[]): Promise<Task[]> {
    return em.getRepository(Task).find({ where: { caseId: In(caseIds) }, order: { createdAt: 'ASC' } });
  }

  async insert(em: EntityManager, rows: NewTask[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO task (id, case_id, department_code, role, status, created_at, updated_at)
       SELECT id, "caseId", "departmentCode", role, 'pending', "createdAt", "createdAt" FROM ${recordset(NEW)}`,
      [JSON.stringify(rows)],
    );
  }

  async update(em: EntityManager, rows: TaskRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(`UPDATE task t SET ${setList(ROW)} FROM ${recordset(ROW)} WHERE t.id = x.id`, [JSON.stringify(rows)]);
  }

  /** Due times of the tasks' clocks as their deadlines now stand. */
  async setDue(em: EntityManager, rows: TaskDue[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `UPDATE task t SET claim_due_at = COALESCE(x."claimDueAt", t.claim_due_at), handle_due_at = COALESCE(x."handleDueAt", t.handle_due_at)
       FROM ${recordset(DUE)} WHERE t.id = x."taskId"`,
      [JSON.stringify(rows)],
    );
  }
}
