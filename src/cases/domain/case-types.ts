/** The words of the case lifecycle (API.md › Cases). */
export const CASE_STATUSES = ['pending', 'in_progress', 'resolved', 'closed', 'merged', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The escalation ladder, lowest first; `department` is off the ladder: the case is on departments. */
export const LADDER = ['grid', 'neighbourhood', 'area', 'street'] as const;
export type LadderRung = (typeof LADDER)[number];
export const RUNGS = [...LADDER, 'department'] as const;
export type Rung = (typeof RUNGS)[number];

export const TASK_STATUSES = ['pending', 'claimed', 'done', 'returned'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskRole = 'lead' | 'assist';

export type CaseChange =
  'claimed' | 'resolved' | 'escalated' | 'whistled' | 'dispatched' | 'verified' | 'reworked' | 'closed' | 'merged' | 'cancelled' | 'reopened';
export type TaskChange = 'created' | 'claimed' | 'completed' | 'returned' | 'extended';

export const isLadderRung = (rung: string): rung is LadderRung => (LADDER as readonly string[]).includes(rung);
export const OPEN_STATUSES: readonly CaseStatus[] = ['pending', 'in_progress', 'resolved'];
/** Statuses in which the case is being handled (claim, resolve, climb, whistle, dispatch). */
export const WORKING_STATUSES: readonly CaseStatus[] = ['pending', 'in_progress'];
export const isOpen = (status: CaseStatus) => OPEN_STATUSES.includes(status);

/** The rung above, or undefined at the street (where escalating means whistling). */
export function rungAbove(rung: LadderRung): LadderRung | undefined {
  return LADDER[LADDER.indexOf(rung) + 1];
}
