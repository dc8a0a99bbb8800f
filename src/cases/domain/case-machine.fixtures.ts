import type { Role } from '../../auth/role';
import type { LadderRung, Rung, TaskRole, TaskStatus } from './case-types';
import type { Actor, CaseState, TaskState } from './machine-types';

/** Shared fixtures of the machine's specs beyond the transition tables (bookkeeping, new commands). */
export const HERE: Record<LadderRung, string> = { grid: 'G-0101', neighbourhood: 'N-01', area: 'A-1', street: 'S-CAOYANG' };
export const NOW = new Date('2026-03-02T02:00:00Z');

export const person = (role: Role, regionCode: string | null = null, departmentCode: string | null = null, id = `user-${role}`): Actor => ({
  kind: 'user',
  role,
  regionCode,
  departmentCode,
  id,
});
export const street = () => person('street', HERE.street);
export const liaison = (dept: string) => person('liaison', null, dept, `liaison-${dept}`);
export const sweeper: Actor = { kind: 'system' };
export const resident: Actor = { kind: 'resident' };

export const task =
  (role: TaskRole) =>
  (departmentCode: string, status: TaskStatus = 'pending', recalled = false): TaskState => ({
    id: `task-${departmentCode}`,
    departmentCode,
    role,
    status,
    recalled,
  });
export const lead = task('lead');
export const assist = task('assist');

export function caseAt(rung: Rung, overrides: Partial<CaseState> = {}): CaseState {
  return {
    status: 'pending',
    rung,
    holderRegionCode: rung === 'department' ? HERE.street : HERE[rung],
    regions: { ...HERE },
    reworkCount: 0,
    escalationCount: 0,
    reopened: false,
    closureCount: 0,
    tasks: rung === 'department' ? [lead('chengguan'), assist('lvhua')] : [],
    ...overrides,
  };
}
