import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work';
import type { Acting } from './acting';
import type { Case } from './case.entity';
import { CaseStore, stateOf, type Commit, type Loaded } from './case-store';
import type { CaseView } from './case-view';
import { blankCase, decide, type Command, type Entry } from './domain/case-machine';

/** The time of a change; injected so that tests can hold it still. */
export abstract class Clock {
  abstract now(): Date;
}
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export interface Execution {
  target: Loaded;
  command: Command;
  acting: Acting;
}

/**
 * The one write path of a case change: inside the caller's unit of work, run the machine on the
 * (locked) case and write everything it decided through the store, ending in its bulk commit. Routes,
 * tasks, extensions, ratings, intake and the SLA sweeper all come through here; a new feature adds a
 * command, not a write path.
 */
@Injectable()
export class CaseExecutor {
  constructor(
    private readonly store: CaseStore,
    private readonly clock: Clock,
  ) {}

  async run(tx: Tx, target: Loaded, command: Command, acting: Acting): Promise<CaseView> {
    const [view] = await this.runMany(tx, [{ target, command, acting }]);
    return view;
  }

  /** Commands on distinct cases, decided at one instant and written together (the sweeper's batches). */
  runMany(tx: Tx, executions: Execution[], now = this.clock.now()): Promise<CaseView[]> {
    const commits: Commit[] = executions.map(({ target, command, acting }) => ({
      before: target,
      transition: decide(stateOf(target), command, acting.actor, now),
      acting,
      now,
    }));
    return this.store.commitMany(tx, commits);
  }

  /**
   * Opens a case (一口受理): the machine decides its status, holder and bookkeeping, the row is written
   * with them, then its tasks, clocks, timeline and events go the common way. `also(row)` (the master
   * a duplicate merges into) is written in the same commit.
   */
  async open(
    tx: Tx,
    row: Partial<Case> & Pick<Case, 'gridCode' | 'neighbourhoodCode' | 'areaCode' | 'streetCode'>,
    command: Command & { type: 'open'; entry: Entry },
    acting: Acting,
    also: (row: Case) => Execution[] = () => [],
  ): Promise<CaseView> {
    const now = this.clock.now();
    const regions = { grid: row.gridCode, neighbourhood: row.neighbourhoodCode, area: row.areaCode, street: row.streetCode };
    const transition = decide(blankCase(regions, command.entry), command, acting.actor, now);
    const { state, record } = transition;
    const inserted = await this.store.insertCase(tx.em, {
      ...row,
      status: state.status,
      rung: state.rung,
      holderRegionCode: state.holderRegionCode,
      closureCount: record.closureCount ?? 0,
      closedAt: record.closedAt ?? null,
      feedback: record.feedback ?? null,
      createdAt: now,
      updatedAt: now,
    });
    const others = also(inserted).map(({ target, command: c, acting: a }) => ({
      before: target,
      transition: decide(stateOf(target), c, a.actor, now),
      acting: a,
      now,
    }));
    const [view] = await this.store.commitMany(tx, [{ before: { row: inserted, tasks: [] }, transition, acting, now, opened: true }, ...others]);
    return view;
  }
}
