import { conflict } from '../../common/domain-error';
import type { DemandStatus } from './party-types';

/**
 * A demand's status follows its claims and projects: open → claimed (a live claim) → in_project (a project
 * including it started) → done (that project finished). Withdrawing the claim reopens it; a dropped project
 * gives its demands back to their claims. Each event lists the statuses it may leave from.
 */
const MOVES = {
  claim: { from: ['open'], to: 'claimed' },
  withdraw: { from: ['claimed'], to: 'open' },
  projectStart: { from: ['claimed'], to: 'in_project' },
  projectFinish: { from: ['in_project'], to: 'done' },
  projectDrop: { from: ['claimed', 'in_project'], to: 'claimed' },
} as const satisfies Record<string, { from: readonly DemandStatus[]; to: DemandStatus }>;

export type DemandMove = keyof typeof MOVES;

const WHY: Record<DemandMove, string> = {
  claim: 'the demand is already claimed',
  withdraw: 'a project including the demand has started; its claim can no longer be withdrawn',
  projectStart: 'every demand of a project must be claimed (and in no other running project)',
  projectFinish: 'the demand is not in a running project',
  projectDrop: 'the demand is not claimed',
};

export function demandAfter(status: DemandStatus, move: DemandMove): DemandStatus {
  const m = MOVES[move];
  if (!(m.from as readonly DemandStatus[]).includes(status)) throw conflict(`${WHY[move]} (status ${status})`);
  return m.to;
}

/** The statuses a move may leave from, for a conditional UPDATE that re-checks under the row lock. */
export const demandFrom = (move: DemandMove): readonly DemandStatus[] => MOVES[move].from;
