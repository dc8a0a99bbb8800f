import type { Audience } from '../events/domain-events';
import type { Case } from './case.entity';
import type { Task } from './task.entity';

/** Who hears of a case: its grid and every ancestor, and the departments with tasks on it. */
export const audienceOf = (c: Case, tasks: Pick<Task, 'departmentCode'>[]): Audience => ({
  regionCodes: [c.gridCode, c.neighbourhoodCode, c.areaCode, c.streetCode, c.districtCode],
  departmentCodes: [...new Set(tasks.map((t) => t.departmentCode))],
});

/** A task's events reach the case's regions and that task's department only. */
export const taskAudience = (a: Audience, departmentCode: string): Audience => ({ ...a, departmentCodes: [departmentCode] });
