import type { CaseSource } from '../cases/case.entity';
import { rungAbove, type LadderRung } from '../cases/domain/case-types';
import { responsibleDepartments } from '../cases/domain/routing';
import type { Priority } from '../catalog/category.entity';
import { policyFor } from '../sla/clock-plan';
import { parseDuration } from '../sla/duration';
import { clockFor, type Clock, type WorkingCalendar } from '../sla/working-time';
import { TURNS } from './history-mix';
import type { Act, HistoryCategory, Satisfaction, Step } from './history-plan';
import type { SeededRandom } from './seeded-random';

export interface StoryOf {
  at: Date;
  category: HistoryCategory;
  source: CaseSource;
  priority: Priority;
  calendar: WorkingCalendar;
}

const MINUTE = 60_000;
const span = (when: boolean, yes: [number, number], no: [number, number]) => (when ? yes : no);

/**
 * One case's life after intake, as steps in time: handled on the ladder or by departments, on time
 * mostly, sometimes late (and then the sweeper, not the plan, climbs it), returned, extended, failed
 * at verification, rated, called back, reopened. Times run on the category's clock (working hours
 * for most; around the clock for emergencies), as fractions of its time limits.
 */
export function storyOf(rnd: SeededRandom, c: StoryOf): Step[] {
  const story = new Story(rnd, c);
  if (rnd.chance(TURNS.cancelled)) {
    story.wait('PT4H', 0.1, 0.9).act({ kind: 'cancel' });
  } else {
    if (c.category.entryRung === 'department') story.departments(responsibleDepartments(c.category).map((a) => a.departmentCode));
    else story.ladder(c.category.entryRung);
    story.verifyAndFeedback(true);
  }
  const steps = story.steps.sort((a, b) => +a.at - +b.at);
  // Stalled: the rest never happens; the sweeper climbs it and marks it overdue, as it would live.
  return rnd.chance(TURNS.stalled) ? steps.slice(0, rnd.int(0, Math.max(0, steps.length - 2))) : steps;
}

class Story {
  readonly steps: Step[] = [];
  private t: number;
  private readonly clock: Clock;
  /** The street's office hours: call-backs are made in them. */
  private readonly office: Clock;
  private readonly policy;
  /** Where the case ends up being handled: departments (their codes, the returned ones left out) or a ladder rung. */
  private handledBy: { departments: string[] } | { rung: LadderRung } = { rung: 'grid' };

  constructor(
    private readonly rnd: SeededRandom,
    private readonly c: StoryOf,
  ) {
    this.t = c.at.getTime();
    this.clock = clockFor(c.category.sla.calendar, c.calendar);
    this.office = clockFor('working', c.calendar);
    this.policy = policyFor(c.category.sla, c.priority);
  }

  private ms(iso: string): number {
    return this.clock.toMs(parseDuration(iso)!);
  }

  /** Moves the story on by a fraction of a time limit, on the category's clock. */
  wait(iso: string, lo: number, hi: number, from = this.t): this {
    this.t = this.clock.add(new Date(from), this.rnd.between(lo, hi) * this.ms(iso)).getTime();
    return this;
  }

  act(act: Act, at = this.t): this {
    this.steps.push({ at: new Date(at), act });
    return this;
  }

  ladder(rung: LadderRung, depth = 0): void {
    const limit = this.policy.ladder[rung];
    const turn = depth > 2 ? 'onTime' : this.rnd.weighted(TURNS.ladder);
    if (turn === 'onTime') {
      this.wait(limit, 0.03, 0.3).act({ kind: 'claim' });
      this.wait(limit, 0.15, 0.55).act({ kind: 'resolve' });
      this.handledBy = { rung };
      return;
    }
    if (turn === 'neglected') {
      const started = this.t;
      if (this.rnd.chance(TURNS.supervised)) this.wait(limit, 0.82, 0.95).act({ kind: 'supervise' });
      // Nobody acts: at the limit the sweeper climbs it one rung (from the street: whistles its departments).
      this.t = this.clock.add(new Date(started), this.ms(limit)).getTime() + MINUTE;
    } else {
      this.wait(limit, 0.03, 0.25).act({ kind: 'claim' });
      this.wait(limit, 0.1, 0.3).act({ kind: 'escalate' });
    }
    const above = rungAbove(rung);
    if (above) this.ladder(above, depth + 1);
    else
      this.departments(
        responsibleDepartments(this.c.category).map((a) => a.departmentCode),
        true,
      );
  }

  /** Tasks for `codes` created now: each reports in, works and completes, or returns the task; the case is resolved when the last one is done. */
  departments(codes: string[], noReturn = false): void {
    const start = this.t;
    const { claim, handle } = this.policy;
    const returned =
      !noReturn && this.rnd.chance(TURNS.returned) ? (codes.length > 1 && this.rnd.chance(0.5) ? this.rnd.pick(codes.slice(1)) : codes[0]) : null;
    const ends: number[] = [];
    let late = false;
    for (const code of codes) {
      if (code === returned) {
        this.wait(claim, 0.1, 0.7, start).act({ kind: 'returnTask', departmentCode: code });
        continue;
      }
      const lateClaim = this.rnd.chance(TURNS.lateClaim);
      this.wait(claim, ...span(lateClaim, [1.2, 3], [0.1, 0.8]), start).act({ kind: 'claimTask', departmentCode: code });
      const claimed = this.t;
      let lateHandle = this.rnd.chance(TURNS.lateHandle);
      if (code === codes[0] && this.rnd.chance(TURNS.extension)) {
        this.wait(handle, 0.5, 0.8).act({ kind: 'requestExtension', departmentCode: code, duration: handle });
        const granted = this.rnd.chance(TURNS.extensionGranted);
        this.wait(handle, 0.05, 0.15).act({ kind: 'decideExtension', departmentCode: code, approved: granted });
        // Granted: done within the longer limit. Refused: some hurry and make it, some do not.
        this.wait(handle, ...span(granted, [1.05, 1.6], [0.85, 1.4]), claimed);
        lateHandle = false;
      } else {
        this.wait(handle, ...span(lateHandle, [1.1, 2], [0.2, 0.9]), claimed);
      }
      this.act({ kind: 'completeTask', departmentCode: code });
      ends.push(this.t);
      late ||= lateClaim || lateHandle;
    }
    if (late && this.rnd.chance(TURNS.supervised)) this.act({ kind: 'supervise' }, this.clock.add(new Date(start), this.ms(claim) * 1.1).getTime());
    if (returned === codes[0] && codes.length === 1) {
      // Nobody's: back at the street, which dispatches it to the department it should have gone to.
      this.t = this.steps.find((s) => s.act.kind === 'returnTask')!.at.getTime();
      this.wait('PT2H', 0.1, 0.8).act({ kind: 'dispatch', departmentCode: this.alternative(codes[0]) });
      const other = (this.steps[this.steps.length - 1].act as { departmentCode: string }).departmentCode;
      this.departments([other], true);
      return;
    }
    this.t = Math.max(...ends);
    this.handledBy = { departments: codes.filter((c) => c !== returned) };
  }

  private alternative(code: string): string {
    const others = [...new Set(['SR', 'CG', 'CJ', 'FG', ...this.c.category.assistDepartmentCodes])].filter((c) => c !== code);
    return this.rnd.pick(others);
  }

  /** The inspector's check, failed now and then (rework), then the reporter's rating or the street's call-back. */
  verifyAndFeedback(mayReopen: boolean): void {
    const { verify } = this.policy;
    this.wait(verify, 0.1, 0.8);
    if (this.rnd.chance(TURNS.failsVerification)) {
      this.act({ kind: 'verify', passed: false }).rework();
      this.wait(verify, 0.1, 0.8);
    }
    this.act({ kind: 'verify', passed: true });
    const satisfaction = this.feedback();
    if (satisfaction === 'unsatisfied' && mayReopen) {
      this.rework();
      this.verifyAndFeedback(false);
    }
  }

  private feedback(): Satisfaction | undefined {
    const satisfaction = this.rnd.weighted(TURNS.satisfaction);
    if (this.c.source === 'resident' && this.rnd.chance(TURNS.rated)) {
      this.t += this.rnd.between(1, 48) * 60 * MINUTE; // residents rate whenever they look
      this.act({ kind: 'rate', satisfaction });
      return satisfaction;
    }
    if (this.c.source === 'hotline' && this.rnd.chance(TURNS.calledBack)) {
      this.t = this.office.add(new Date(this.t), this.rnd.between(0.5, 2) * 8 * 60 * MINUTE).getTime();
      const reached = this.rnd.chance(TURNS.reached);
      this.act({ kind: 'callback', reached, ...(reached ? { satisfaction } : {}) });
      return reached ? satisfaction : undefined;
    }
    return undefined;
  }

  /** Back to whoever handled it: departments complete their tasks again, a ladder holder resolves it again. */
  private rework(): void {
    const by = this.handledBy;
    if ('departments' in by) {
      const from = this.t;
      const ends = by.departments.map((code) => this.wait(this.policy.handle, 0.2, 0.6, from).act({ kind: 'completeTask', departmentCode: code }).t);
      this.t = Math.max(from, ...ends);
    } else {
      this.wait(this.policy.ladder[by.rung], 0.15, 0.6).act({ kind: 'resolve' });
    }
  }
}
