import { conflict, DomainError, forbidden } from '../../common/domain-error';
import {
  CaseChange,
  CaseStatus,
  isLadderRung,
  LadderRung,
  Rung,
  rungAbove,
  TaskChange,
  TaskRole,
  TaskStatus,
} from './case-types';

/**
 * The case state machine: (case, command, actor) → the next case, the tasks to create or change,
 * the clocks to start or stop, and what to announce. Pure: no I/O, no clock, no framework.
 */

export interface TaskState {
  id: string;
  departmentCode: string;
  role: TaskRole;
  status: TaskStatus;
  /** Taken back by a re-dispatch or cancellation: no longer part of the case's handling. */
  recalled: boolean;
}

export interface CaseState {
  status: CaseStatus;
  rung: Rung;
  holderRegionCode: string;
  /** The case's grid and its ancestors. */
  regions: Record<LadderRung, string>;
  reworkCount: number;
  escalationCount: number;
  /** A resident's first `unsatisfied` reopens the case, once. */
  reopened: boolean;
  tasks: TaskState[];
}

export type ActorRole = 'inspector' | 'neighbourhood' | 'area' | 'street' | 'liaison' | 'display' | 'admin';
export type Actor =
  | { kind: 'user'; role: ActorRole; regionCode: string | null; departmentCode: string | null }
  | { kind: 'system' } // the SLA sweeper
  | { kind: 'resident' }; // a rating from the public page

export interface Assignment {
  departmentCode: string;
  role: TaskRole;
}

export type Command =
  | { type: 'claim' }
  | { type: 'resolve' }
  /** Raise a hand (举手): one rung up; from the street, whistle `whistleTo` (the category's departments). */
  | { type: 'escalate'; whistleTo: Assignment[] }
  | { type: 'whistle'; assignments: Assignment[] }
  | { type: 'dispatch'; rung: LadderRung }
  | { type: 'dispatch'; rung: 'department'; assignments: Assignment[] }
  | { type: 'cancel' }
  | { type: 'verify'; passed: boolean }
  | { type: 'reopen' }
  | { type: 'claimTask'; taskId: string }
  | { type: 'completeTask'; taskId: string }
  | { type: 'returnTask'; taskId: string }
  | { type: 'requestExtension'; taskId: string }
  | { type: 'decideExtension'; taskId: string; approved: boolean };

/** An existing task, or the n-th task this transition creates. */
export type TaskRef = { id: string } | { created: number };

export type ClockOp =
  | { op: 'start'; clock: 'rung'; rung: LadderRung }
  | { op: 'start'; clock: 'verify' }
  | { op: 'stop'; clock: 'rung' | 'verify' }
  | { op: 'start' | 'stop'; clock: 'claim' | 'handle'; task: TaskRef };

export interface Transition {
  state: CaseState;
  /** Tasks to create, in order (`{ created: n }` refers to them). */
  created: Assignment[];
  change: CaseChange | null;
  taskChanges: { task: TaskRef; change: TaskChange }[];
  clocks: ClockOp[];
}

const ROLE_OF_RUNG: Record<LadderRung, ActorRole> = {
  grid: 'inspector',
  neighbourhood: 'neighbourhood',
  area: 'area',
  street: 'street',
};

const user = (a: Actor) => (a.kind === 'user' ? a : undefined);
const isAdmin = (a: Actor) => user(a)?.role === 'admin';

/** The holder's users: the role of the rung, in the holding region. */
export function holds(actor: Actor, s: CaseState): boolean {
  const u = user(actor);
  if (!u) return false;
  if (u.role === 'admin') return true;
  return isLadderRung(s.rung) && u.role === ROLE_OF_RUNG[s.rung] && u.regionCode === s.holderRegionCode;
}

const streetOf = (a: Actor, s: CaseState) => isAdmin(a) || (user(a)?.role === 'street' && user(a)?.regionCode === s.regions.street);
const areaOf = (a: Actor, s: CaseState) => user(a)?.role === 'area' && user(a)?.regionCode === s.regions.area;
const gridInspectorOf = (a: Actor, s: CaseState) => user(a)?.role === 'inspector' && user(a)?.regionCode === s.regions.grid;
const liaisonOf = (a: Actor, t: TaskState) => isAdmin(a) || (user(a)?.role === 'liaison' && user(a)?.departmentCode === t.departmentCode);

const isLive = (t: TaskState) => !t.recalled && (t.status === 'pending' || t.status === 'claimed');
const counts = (t: TaskState) => !t.recalled && t.status !== 'returned';

function ensure(condition: unknown, error: () => DomainError): asserts condition {
  if (!condition) throw error();
}

class Draft {
  readonly state: CaseState;
  readonly created: Assignment[] = [];
  readonly taskChanges: Transition['taskChanges'] = [];
  readonly clocks: ClockOp[] = [];
  change: CaseChange | null = null;

  constructor(s: CaseState) {
    this.state = { ...s, regions: { ...s.regions }, tasks: s.tasks.map((t) => ({ ...t })) };
  }

  done(): Transition {
    const { state, created, change, taskChanges, clocks } = this;
    return { state, created, change, taskChanges, clocks };
  }

  task(id: string): TaskState {
    const task = this.state.tasks.find((t) => t.id === id);
    if (!task) throw new DomainError('not_found', `Task ${id} not found`);
    return task;
  }

  /** Put the case at a ladder rung, held by the case's region at that level, waiting to be claimed. */
  moveTo(rung: LadderRung): void {
    this.recallTasks();
    if (isLadderRung(this.state.rung)) this.clocks.push({ op: 'stop', clock: 'rung' });
    Object.assign(this.state, { rung, holderRegionCode: this.state.regions[rung], status: 'pending' });
    this.clocks.push({ op: 'start', clock: 'rung', rung });
  }

  /** Summon departments (吹哨): a task each, held by the whistling region. */
  summon(assignments: Assignment[], holderRegionCode: string): void {
    if (isLadderRung(this.state.rung)) this.clocks.push({ op: 'stop', clock: 'rung' });
    Object.assign(this.state, { rung: 'department', holderRegionCode, status: 'pending' });
    for (const a of assignments) this.addTask(a);
  }

  addTask(a: Assignment): void {
    const ref = { created: this.created.length };
    this.created.push(a);
    this.taskChanges.push({ task: ref, change: 'created' });
    this.clocks.push({ op: 'start', clock: 'claim', task: ref }, { op: 'start', clock: 'handle', task: ref });
  }

  /** Take every task off the case; those still running are returned and their clocks stopped. */
  recallTasks(): void {
    for (const t of this.state.tasks.filter((x) => !x.recalled)) {
      if (isLive(t)) {
        this.stopTaskClocks(t);
        t.status = 'returned';
        this.taskChanges.push({ task: { id: t.id }, change: 'returned' });
      }
      t.recalled = true;
    }
  }

  stopTaskClocks(t: TaskState): void {
    if (t.status === 'pending') this.clocks.push({ op: 'stop', clock: 'claim', task: { id: t.id } });
    this.clocks.push({ op: 'stop', clock: 'handle', task: { id: t.id } });
  }

  resolve(): void {
    this.state.status = 'resolved';
    if (isLadderRung(this.state.rung)) this.clocks.push({ op: 'stop', clock: 'rung' });
    this.clocks.push({ op: 'start', clock: 'verify' });
    this.change = 'resolved';
  }

  /** Back to the holder with a new handling deadline (返工). */
  rework(): void {
    const s = this.state;
    s.status = 'in_progress';
    s.reworkCount += 1;
    if (isLadderRung(s.rung)) {
      this.clocks.push({ op: 'stop', clock: 'rung' }, { op: 'start', clock: 'rung', rung: s.rung });
    } else {
      for (const t of s.tasks.filter((x) => !x.recalled && x.status === 'done')) {
        t.status = 'claimed';
        this.clocks.push({ op: 'start', clock: 'handle', task: { id: t.id } });
      }
    }
  }
}

const notHolder = () => forbidden('Only the holder of the case may do this');
const onDepartments = () => conflict('The case is on departments: their liaisons claim and complete its tasks');
const notInState = (s: CaseState, action: string) => () => conflict(`Cannot ${action} a case that is ${s.status.replace('_', ' ')}`);

export function decide(s: CaseState, cmd: Command, actor: Actor): Transition {
  const d = new Draft(s);
  const working = s.status === 'pending' || s.status === 'in_progress';

  switch (cmd.type) {
    case 'claim':
      ensure(isLadderRung(s.rung), onDepartments);
      ensure(holds(actor, s), notHolder);
      ensure(s.status === 'pending', notInState(s, 'claim'));
      d.state.status = 'in_progress';
      d.change = 'claimed';
      break;

    case 'resolve':
      ensure(isLadderRung(s.rung), onDepartments);
      ensure(holds(actor, s), notHolder);
      ensure(working, notInState(s, 'resolve'));
      d.resolve();
      break;

    case 'escalate': {
      ensure(actor.kind === 'system' || holds(actor, s), notHolder);
      ensure(working, notInState(s, 'escalate'));
      ensure(isLadderRung(s.rung), () => conflict('The case is already on departments, above the ladder'));
      const above = rungAbove(s.rung);
      d.state.escalationCount += 1;
      if (above) {
        d.moveTo(above);
        d.change = 'escalated';
      } else {
        ensure(cmd.whistleTo.length > 0, () => conflict('The category names no department to whistle'));
        d.summon(cmd.whistleTo, s.regions.street);
        d.change = 'whistled';
      }
      break;
    }

    case 'whistle': {
      const byArea = areaOf(actor, s) && isLadderRung(s.rung) && s.rung !== 'street';
      ensure(streetOf(actor, s) || byArea, () => forbidden('Only the street, or the area holding the case, may blow the whistle'));
      ensure(working, notInState(s, 'whistle for'));
      if (s.rung === 'department') {
        const summoned = new Set(d.state.tasks.filter(isLive).map((t) => t.departmentCode));
        const fresh = cmd.assignments.filter((a) => !summoned.has(a.departmentCode));
        ensure(fresh.length > 0, () => conflict('Every department named is already working on the case'));
        for (const a of fresh) d.addTask({ ...a, role: 'assist' });
      } else {
        d.summon(cmd.assignments, byArea && !streetOf(actor, s) ? s.regions.area : s.regions.street);
      }
      d.change = 'whistled';
      break;
    }

    case 'dispatch':
      ensure(streetOf(actor, s), () => forbidden('Only the street command centre may dispatch'));
      ensure(working, notInState(s, 'dispatch'));
      if (cmd.rung === 'department') {
        d.recallTasks();
        d.summon(cmd.assignments, s.regions.street);
      } else {
        d.moveTo(cmd.rung);
      }
      d.change = 'dispatched';
      break;

    case 'cancel':
      ensure(streetOf(actor, s), () => forbidden('Only the street command centre may cancel a case'));
      ensure(working || s.status === 'resolved', notInState(s, 'cancel'));
      d.recallTasks();
      if (isLadderRung(s.rung) && working) d.clocks.push({ op: 'stop', clock: 'rung' });
      if (s.status === 'resolved') d.clocks.push({ op: 'stop', clock: 'verify' });
      d.state.status = 'cancelled';
      d.change = 'cancelled';
      break;

    case 'verify':
      ensure(gridInspectorOf(actor, s) || streetOf(actor, s), () =>
        forbidden("Only an inspector of the case's grid, or the street, may verify"),
      );
      ensure(s.status === 'resolved', notInState(s, 'verify'));
      d.clocks.push({ op: 'stop', clock: 'verify' });
      if (cmd.passed) {
        d.state.status = 'closed';
        d.change = 'verified';
      } else {
        d.rework();
        d.change = 'reworked';
      }
      break;

    case 'reopen':
      ensure(actor.kind === 'resident' || isAdmin(actor), () => forbidden('Only the reporter reopens a case'));
      ensure(s.status === 'closed', notInState(s, 'reopen'));
      ensure(!s.reopened, () => conflict('The case has been reopened once already'));
      d.rework();
      d.state.reopened = true;
      d.change = 'reopened';
      break;

    case 'claimTask': {
      const t = d.task(cmd.taskId);
      ensure(liaisonOf(actor, t), () => forbidden('Only a liaison of the task’s department may report in'));
      ensure(!t.recalled && t.status === 'pending', () => conflict(`The task is ${t.recalled ? 'recalled' : t.status}`));
      ensure(working, notInState(s, 'claim a task of'));
      t.status = 'claimed';
      d.clocks.push({ op: 'stop', clock: 'claim', task: { id: t.id } });
      d.taskChanges.push({ task: { id: t.id }, change: 'claimed' });
      if (s.status === 'pending') {
        d.state.status = 'in_progress';
        d.change = 'claimed';
      }
      break;
    }

    case 'completeTask': {
      const t = d.task(cmd.taskId);
      ensure(liaisonOf(actor, t), () => forbidden('Only a liaison of the task’s department may complete it'));
      ensure(!t.recalled && t.status === 'claimed', () =>
        conflict(t.status === 'pending' ? 'Report in (claim) before completing' : `The task is ${t.recalled ? 'recalled' : t.status}`),
      );
      t.status = 'done';
      d.clocks.push({ op: 'stop', clock: 'handle', task: { id: t.id } });
      d.taskChanges.push({ task: { id: t.id }, change: 'completed' });
      if (d.state.tasks.filter(counts).every((x) => x.status === 'done')) d.resolve();
      break;
    }

    case 'returnTask': {
      const t = d.task(cmd.taskId);
      ensure(liaisonOf(actor, t), () => forbidden('Only a liaison of the task’s department may return it'));
      ensure(isLive(t), () => conflict(`The task is ${t.recalled ? 'recalled' : t.status}`));
      d.stopTaskClocks(t);
      t.status = 'returned';
      d.taskChanges.push({ task: { id: t.id }, change: 'returned' });
      if (!d.state.tasks.some(isLive)) {
        if (d.state.tasks.some(counts)) {
          d.resolve(); // the others finished: nothing is left to do
        } else {
          d.moveTo('street'); // nobody's: back to the street to dispatch again
          d.change = 'dispatched';
        }
      }
      break;
    }

    case 'requestExtension': {
      const t = d.task(cmd.taskId);
      ensure(liaisonOf(actor, t), () => forbidden('Only a liaison of the task’s department may ask for more time'));
      ensure(isLive(t), () => conflict(`The task is ${t.recalled ? 'recalled' : t.status}`));
      break;
    }

    case 'decideExtension': {
      const t = d.task(cmd.taskId);
      ensure(streetOf(actor, s), () => forbidden('Only the street command centre decides extensions'));
      ensure(isLive(t), () => conflict(`The task is ${t.recalled ? 'recalled' : t.status}`));
      if (cmd.approved) d.taskChanges.push({ task: { id: t.id }, change: 'extended' });
      break;
    }
  }
  return d.done();
}

/**
 * A new case (一口受理): at its entry rung, or on departments; closed at once when the inspector
 * fixed it on the spot (自处置).
 */
export function open(regions: Record<LadderRung, string>, entry: Entry, opts: { resolvedOnSite?: boolean } = {}): Transition {
  const blank: CaseState = {
    status: 'pending',
    rung: entry.rung,
    holderRegionCode: entry.rung === 'department' ? regions.street : regions[entry.rung],
    regions,
    reworkCount: 0,
    escalationCount: 0,
    reopened: false,
    tasks: [],
  };
  const d = new Draft(blank);
  if (opts.resolvedOnSite) {
    d.state.status = 'closed';
  } else if (entry.rung === 'department') {
    for (const a of entry.assignments) d.addTask(a);
  } else {
    d.clocks.push({ op: 'start', clock: 'rung', rung: entry.rung });
  }
  return d.done();
}

export interface Entry {
  rung: Rung;
  /** The departments to summon when the rung is `department`, lead first. */
  assignments: Assignment[];
}
