import type { Assignment, Entry } from './case-machine';
import type { Rung } from './case-types';

/** The part of a category that routing reads: the responsibility list (权责清单). */
export interface Responsibility {
  entryRung: Rung;
  leadDepartmentCode: string;
  assistDepartmentCodes: string[];
}

/** The category's departments, lead first — whom the whistle summons when nobody is named. */
export function responsibleDepartments(r: Responsibility): Assignment[] {
  return [
    { departmentCode: r.leadDepartmentCode, role: 'lead' },
    ...[...new Set(r.assistDepartmentCodes)].filter((c) => c !== r.leadDepartmentCode).map((c) => ({ departmentCode: c, role: 'assist' as const })),
  ];
}

/** Departments named by a person (whistle, dispatch): the first leads, duplicates dropped. */
export function namedDepartments(codes: string[]): Assignment[] {
  return [...new Set(codes)].map((departmentCode, i) => ({ departmentCode, role: i === 0 ? 'lead' : 'assist' }));
}

/** Where a new case enters: its category's entry rung (职能就近), with tasks when that is departments. */
export function entryOf(r: Responsibility): Entry {
  return { rung: r.entryRung, assignments: r.entryRung === 'department' ? responsibleDepartments(r) : [] };
}
