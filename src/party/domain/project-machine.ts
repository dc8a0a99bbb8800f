import { conflict } from '../../common/domain-error';
import type { ProjectStatus } from './party-types';

/** A project's life: proposed → active → done, or dropped while proposed or active. */
export const PROJECT_TRANSITIONS = {
  start: { from: ['proposed'], to: 'active' },
  finish: { from: ['active'], to: 'done' },
  drop: { from: ['proposed', 'active'], to: 'dropped' },
} as const satisfies Record<string, { from: readonly ProjectStatus[]; to: ProjectStatus }>;

export type ProjectCommand = keyof typeof PROJECT_TRANSITIONS;
export const PROJECT_COMMANDS = Object.keys(PROJECT_TRANSITIONS) as ProjectCommand[];

/** The status after `command`; 409 when the project's status does not allow it. */
export function projectAfter(status: ProjectStatus, command: ProjectCommand): ProjectStatus {
  const t = PROJECT_TRANSITIONS[command];
  if (!(t.from as readonly ProjectStatus[]).includes(status))
    throw conflict(`a ${status} project cannot ${command} (only from ${t.from.join(' or ')})`);
  return t.to;
}

/** What a project's transition does to its demands (see demand-status.ts). */
export const DEMAND_MOVE_OF = { start: 'projectStart', finish: 'projectFinish', drop: 'projectDrop' } as const;
