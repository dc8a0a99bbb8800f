import { DomainError } from '../../common/domain-error';
import { isLadderRung, type LadderRung } from './case-types';
import type {
  Actor,
  Assignment,
  CaseRecordPatch,
  CaseState,
  ClockOp,
  Command,
  EventSpec,
  TaskFacts,
  TaskPatch,
  TaskState,
  TimelineEntry,
  Transition,
} from './machine-types';

export const isLive = (t: TaskState) => !t.recalled && (t.status === 'pending' || t.status === 'claimed');
export const counts = (t: TaskState) => !t.recalled && t.status !== 'returned';

/** A transition being built: the machine's moves on a copy of the case, then the bookkeeping they imply. */
export class Draft {
  readonly state: CaseState;
  readonly created: Assignment[] = [];
  readonly taskChanges: Transition['taskChanges'] = [];
  readonly clocks: ClockOp[] = [];
  /** Entries and events a command writes itself, before or after those its changes imply. */
  readonly leading: TimelineEntry[] = [];
  readonly trailing: TimelineEntry[] = [];
  readonly leadingEvents: EventSpec[] = [];
  readonly trailingEvents: EventSpec[] = [];
  change: Transition['change'] = null;
  /** The note of the case's entry (and feedback when it resolves): the person's, unless the command says. */
  note: string | null;
  /** Columns a command sets itself (intake's closure on the spot). */
  readonly extraRecord: CaseRecordPatch = {};
  /** What the evaluation will count of each task the change touched. */
  private readonly facts = new Map<string, TaskFacts>();

  constructor(
    private readonly before: CaseState,
    private readonly cmd: Command,
    private readonly actor: Actor,
    private readonly now: Date,
  ) {
    this.note = cmd.note ?? null;
    this.state = { ...before, regions: { ...before.regions }, tasks: before.tasks.map((t) => ({ ...t })) };
  }

  /** Notes what the evaluation counts of a task (a breach, a return, an extension, a rework). */
  mark(taskId: string, facts: TaskFacts): void {
    this.facts.set(taskId, { ...this.facts.get(taskId), ...facts });
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
        this.mark(t.id, { reworked: true });
        this.clocks.push({ op: 'start', clock: 'handle', task: { id: t.id } });
      }
    }
  }

  done(): Transition {
    const { state, created, change, taskChanges, clocks } = this;
    return {
      state,
      created,
      change,
      taskChanges,
      clocks,
      record: this.record(),
      tasks: this.taskPatches(),
      timeline: this.timeline(),
      events: this.events(),
    };
  }

  /** The case's timestamps, closure count and feedback, from how its status moved. */
  private record(): CaseRecordPatch {
    const [from, to, now] = [this.before.status, this.state.status, this.now];
    const r: CaseRecordPatch = {};
    const changed = this.change !== null || this.taskChanges.some((c) => c.change !== 'extended');
    if (changed) r.updatedAt = now;
    if (to === 'resolved' && from !== 'resolved') {
      r.resolvedAt = now;
      if (this.note) r.feedback = this.note; // the resolver's note is what the reporter is told
    }
    if ((to === 'closed' || to === 'cancelled' || to === 'merged') && from !== to) r.closedAt = now;
    if (to === 'closed' && from !== 'closed') r.closureCount = (this.before.closureCount ?? 0) + 1;
    if (to === 'in_progress' && (from === 'closed' || from === 'resolved')) r.closedAt = null;
    return { ...r, ...this.extraRecord };
  }

  /** Who claimed, when done, returned, and what the evaluation counts; a reworked task is no longer done. */
  private taskPatches(): TaskPatch[] {
    const now = this.now;
    const own = 'taskId' in this.cmd ? this.cmd.taskId : undefined;
    return this.state.tasks.flatMap((next) => {
      const prev = this.before.tasks.find((x) => x.id === next.id)!;
      const facts = this.facts.get(next.id);
      if (prev.status === next.status && prev.recalled === next.recalled) return facts ? [{ task: { id: next.id }, ...facts }] : [];
      const p: TaskPatch = { task: { id: next.id }, status: next.status, recalled: next.recalled, updatedAt: now, ...facts };
      if (next.status === 'claimed' && prev.status === 'pending') {
        Object.assign(p, { claimedBy: this.actor.kind === 'user' ? (this.actor.id ?? null) : null, claimedAt: now });
      }
      if (next.status === 'done' && prev.status !== 'done') p.doneAt = now; // a recall leaves the finish time alone
      if (next.status === 'claimed' && prev.status === 'done') p.doneAt = null; // rework
      if (next.status === 'returned') p.returnedAt = now;
      if (next.id === own && this.cmd.note !== undefined) p.note = this.cmd.note;
      if (next.id === own && this.cmd.photos?.length) p.photos = this.cmd.photos;
      return [p];
    });
  }

  /** The command's own entry (a task's first when the command was about a task), then the consequences. */
  private timeline(): TimelineEntry[] {
    const { note } = this;
    const data = this.cmd.data ?? null;
    const own = 'taskId' in this.cmd ? this.cmd.taskId : undefined;
    const caseEntries: TimelineEntry[] = this.change ? [{ type: this.change, note, data }] : [];
    const taskEntries = this.taskChanges.map(({ task, change }): TimelineEntry => ({
      type: `task.${change}`,
      task,
      note: 'id' in task && task.id === own ? note : null,
    }));
    const taskFirst = this.cmd.type.endsWith('Task');
    return [...this.leading, ...(taskFirst ? [...taskEntries, ...caseEntries] : [...caseEntries, ...taskEntries]), ...this.trailing];
  }

  private events(): EventSpec[] {
    const tasks = this.taskChanges.map(({ task, change }): EventSpec => ({ name: 'task.updated', task, change }));
    const own: EventSpec[] = this.change ? [{ name: 'case.updated', change: this.change }] : [];
    return [...this.leadingEvents, ...tasks, ...own, ...this.trailingEvents];
  }
}
