import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work';
import type { Acting } from './acting';
import type { Case } from './case.entity';
import { CaseStore, stateOf, type Commit, type Loaded } from './case-store';
import type { CaseView } from './case-view';
import { blankCase, decide, type CaseState, type Command, type Entry } from './domain/case-machine';

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
  /** This change's own moment, when a batch holds changes of several (the demo history's replay); else the batch's. */
  at?: Date;
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

  /** `now` is the clock's unless given: the demo history (src/history/) replays days gone by. */
  async run(tx: Tx, target: Loaded, command: Command, acting: Acting, now = this.clock.now()): Promise<CaseView> {
    const [view] = await this.runMany(tx, [{ target, command, acting }], now);
    return view;
  }

  /** Commands on distinct cases, decided at one instant (or each at its own `at`) and written together (the sweeper's batches). */
  runMany(tx: Tx, executions: Execution[], now = this.clock.now()): Promise<CaseView[]> {
    return this.store.commitMany(tx, executions.map(commitAt(now)));
  }

  /**
   * Opens cases (一口受理): the machine decides each one's status, holder and bookkeeping on a blank
   * state, and the new rows, their tasks, clocks, timeline and events go the common way, together
   * with `also` (the masters that duplicates merge into), in one commit.
   */
  async openMany(tx: Tx, openings: Opening[], also: Execution[] = [], now = this.clock.now()): Promise<CaseView[]> {
    const opened: Commit[] = openings.map(({ row, command, acting }) => {
      const regions = { grid: row.gridCode, neighbourhood: row.neighbourhoodCode, area: row.areaCode, street: row.streetCode };
      const blank = blankCase(regions, command.entry);
      return {
        before: { row: newCase(row, blank, now), tasks: [] },
        transition: decide(blank, command, acting.actor, now),
        acting,
        now,
        opened: true,
      };
    });
    const views = await this.store.commitMany(tx, [...opened, ...also.map(commitAt(now))]);
    return views.slice(0, openings.length);
  }
}

const commitAt =
  (now: Date) =>
  ({ target, command, acting, at = now }: Execution): Commit => ({
    before: target,
    transition: decide(stateOf(target), command, acting.actor, at),
    acting,
    now: at,
  });

/** What intake knows of a new case: everything but its state, which the machine's `open` decides. */
export type NewCaseFields = Pick<
  Case,
  | 'id'
  | 'code'
  | 'trackingCode'
  | 'categoryCode'
  | 'priority'
  | 'description'
  | 'address'
  | 'lat'
  | 'lng'
  | 'districtCode'
  | 'streetCode'
  | 'areaCode'
  | 'neighbourhoodCode'
  | 'gridCode'
  | 'source'
  | 'reporterName'
  | 'reporterPhone'
  | 'reporterEmail'
  | 'photos'
  | 'resolvedOnSite'
  | 'createdBy'
  | 'idempotencyKey'
  | 'externalRef'
  | 'requestType'
  | 'receivedAt'
  | 'duplicateOf'
>;

export interface Opening {
  row: NewCaseFields;
  command: Command & { type: 'open'; entry: Entry };
  acting: Acting;
}

/** The whole row of a case about to be opened, in its blank state (the store applies the machine's decision). */
function newCase(fields: NewCaseFields, blank: CaseState, now: Date): Case {
  return {
    ...fields,
    status: blank.status,
    rung: blank.rung,
    holderRegionCode: blank.holderRegionCode,
    reworkCount: 0,
    escalationCount: 0,
    closureCount: 0,
    supervisionCount: 0,
    supervisedAt: null,
    supervisionDueAt: null,
    reopened: false,
    feedback: null,
    slaState: 'ok',
    slaStage: null,
    slaDueAt: null,
    rungDueAt: null,
    verifyDueAt: null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    closedAt: null,
  };
}
