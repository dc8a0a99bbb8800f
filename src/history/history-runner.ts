import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { actingUser, RESIDENT, type Acting } from '../cases/acting';
import { CaseExecutor, type Execution } from '../cases/case-executor';
import { CaseStore, stateOf } from '../cases/case-store';
import { decide } from '../cases/domain/case-machine';
import { IntakeService, type Report } from '../cases/intake/intake.service';
import { DomainError } from '../common/domain-error';
import type { Tx } from '../database/unit-of-work';
import { DeadlineRepository } from '../sla/deadline.repository';
import { SlaSweeper } from '../sla/sla-sweeper.service';
import { HistoryActs, type Prepared } from './history-acts';
import { People } from './history-people';
import type { PlannedCase, Step } from './history-plan';

export interface HistoryFigures {
  cases: number;
  acts: number;
  /** Acts the case no longer fitted when their time came (a deadline had moved it first). */
  skipped: number;
  /** Deadlines the sweeper processed (warnings and breaches). */
  lapsed: number;
}

interface Due {
  at: Date;
  n: number;
  step?: Step;
}

/** Something else that happens at a moment of the history (the party story's acts): run with the world as it was then. */
export interface Interlude {
  at: Date;
  run(tx: Tx, people: People): Promise<unknown>;
}

/**
 * Plays a plan through the live write path inside one transaction, in time order: before anything
 * happens, the sweeper processes what had come by then, at the moment it came; intake opens each
 * report at its moment; the acts run through the executor, each decided and stamped at its own
 * moment. Acts on distinct cases wait and go together, as a group commit would take them, until a
 * report, a deadline or a second act on one of their cases needs them written first — so that every
 * case sees its changes in the order they happened. Nothing is written any other way, so every row
 * and timestamp is one the running service would have written.
 */
@Injectable()
export class HistoryRunner {
  constructor(
    private readonly intake: IntakeService,
    private readonly store: CaseStore,
    private readonly executor: CaseExecutor,
    private readonly sweeper: SlaSweeper,
    private readonly deadlines: DeadlineRepository,
    private readonly acts: HistoryActs,
  ) {}

  /**
   * `soonest`: the shortest time from a clock's start to its warning or due time (soonestDeadline).
   * `interludes` (up to `until`, in time order) run between the cases, each once everything before it is written.
   */
  async play(tx: Tx, plan: PlannedCase[], until: Date, soonest: number, interludes: Interlude[] = []): Promise<HistoryFigures> {
    const people = await People.load(tx.em);
    const run = new Run(this, tx, people, soonest);
    const waiting = interludes.filter((i) => i.at <= until);
    const interlude = async (i: Interlude) => {
      await run.flush();
      await run.sweepTo(i.at);
      await i.run(tx, people);
    };
    for (const due of schedule(plan, until)) {
      while (waiting.length && waiting[0].at <= due.at) await interlude(waiting.shift()!);
      const deciding = due.step?.act.kind === 'decideExtension';
      if (!due.step || deciding || run.waiting(due.n)) await run.flush();
      await run.sweepTo(due.at);
      if (!due.step) await run.open(due, plan[due.n]);
      else if (deciding) await run.decide(due);
      else run.wait(due);
    }
    for (const i of waiting) await interlude(i);
    await run.flush();
    await run.sweepTo(until);
    return run.figures;
  }

  openAt(tx: Tx, reports: { report: Report; acting: Acting; user?: AuthUser }[], at: Date) {
    return this.intake.openAt(tx, reports, at);
  }

  /** Acts on distinct cases, each at its own moment, in one commit; answers how many the machine accepted. */
  async runActs(tx: Tx, batch: (Due & { id: string })[], people: People): Promise<number> {
    const loaded = new Map(
      (
        await this.store.lockMany(
          tx.em,
          batch.map((d) => d.id),
        )
      ).map((l) => [l.row.id, l]),
    );
    const executions: Execution[] = [];
    const alone: Extract<Prepared, { alone: unknown }>[] = [];
    for (const d of batch) {
      const prepared = await this.acts.prepare(loaded.get(d.id)!, d.step!.act, people, d.at);
      if (!prepared) continue;
      if ('alone' in prepared) alone.push(prepared);
      else if (fits(prepared.execution, d.at)) executions.push({ ...prepared.execution, at: d.at });
    }
    if (executions.length) await this.executor.runMany(tx, executions, executions[0].at);
    let done = executions.length;
    for (const p of alone) {
      try {
        await p.alone(tx);
        done++;
      } catch (e) {
        // The machine refused before anything was written (it decides first): the act is skipped, as a 409 would be.
        if (!(e instanceof DomainError)) throw e;
      }
    }
    return done;
  }

  sweepAt(tx: Tx, at: Date) {
    return this.sweeper.sweepAt(tx, at);
  }

  nextDue(tx: Tx, after: Date) {
    return this.deadlines.nextDue(tx.em, after);
  }
}

/** One playing of a plan: the acts waiting to be written, the case ids opened so far, and the figures. */
class Run {
  readonly figures: HistoryFigures = { cases: 0, acts: 0, skipped: 0, lapsed: 0 };
  private readonly ids: string[] = [];
  private pending: (Due & { id: string })[] = [];
  private readonly pendingCases = new Set<number>();
  /** Everything due by this moment has been processed. */
  private swept = new Date(0);
  /**
   * No deadline falls due before this moment (beyond `swept`): the next one as last read, or sooner
   * by what was written since — a clock started at t warns or falls due at t + `soonest` at the earliest.
   */
  private quiet = new Date(0);

  constructor(
    private readonly runner: HistoryRunner,
    private readonly tx: Tx,
    private readonly people: People,
    private readonly soonest: number,
  ) {}

  /** Something was written at `at`: its new clocks may come first. */
  private wrote(at: Date): void {
    this.quiet = new Date(Math.min(this.quiet.getTime(), at.getTime() + this.soonest));
  }

  waiting(n: number): boolean {
    return this.pendingCases.has(n);
  }

  wait(due: Due): void {
    const id = this.ids[due.n];
    if (!id) return; // its report was never opened (it came after the end)
    this.pending.push({ ...due, id });
    this.pendingCases.add(due.n);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingCases.clear();
    const done = await this.runner.runActs(this.tx, batch, this.people);
    this.figures.acts += done;
    this.figures.skipped += batch.length - done;
    this.wrote(batch[0].at);
  }

  /**
   * A granted extension may leave its deadline due already (granted after the old limit): live, the
   * sweeper takes it within a second, so it is swept at the decision's moment, before anything else.
   */
  async decide(due: Due): Promise<void> {
    this.wait(due);
    await this.flush();
    this.figures.lapsed += await this.runner.sweepAt(this.tx, due.at);
    this.swept = due.at;
  }

  async open(due: Due, c: PlannedCase): Promise<void> {
    const user = c.takenInBy ? this.people.user(c.takenInBy.role, c.takenInBy.regionCode) : undefined;
    const [view] = await this.runner.openAt(this.tx, [{ report: c.report, acting: user ? actingUser(user) : RESIDENT, user }], due.at);
    this.ids[due.n] = view.id;
    this.figures.cases++;
    this.wrote(due.at);
  }

  /** The sweeper's own processing, at each moment something fell due up to `at`; waiting acts are written first. */
  async sweepTo(at: Date): Promise<void> {
    while (this.quiet <= at) {
      const next = await this.runner.nextDue(this.tx, this.swept);
      if (!next || next > at) {
        this.quiet = next ?? new Date(8.64e15);
        return;
      }
      if (this.pending.length) {
        await this.flush(); // their own new clocks may come sooner: look again
        continue;
      }
      this.swept = next;
      this.figures.lapsed += await this.runner.sweepAt(this.tx, next);
      this.wrote(next);
    }
  }
}

/** Whether the machine accepts the command now (it is pure: asking costs no statement). */
function fits({ target, command, acting }: Execution, at: Date): boolean {
  try {
    decide(stateOf(target), command, acting.actor, at);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

/** The plan's reports and acts up to `until`, in time order (a case's own in its order). */
function schedule(plan: PlannedCase[], until: Date): Due[] {
  const dues: Due[] = plan.flatMap((c, n) => [{ at: c.at, n }, ...c.steps.map((step) => ({ at: step.at, n, step }))]);
  return dues.filter((d) => d.at <= until).sort((a, b) => +a.at - +b.at || a.n - b.n);
}
