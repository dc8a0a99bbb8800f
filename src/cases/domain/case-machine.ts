import { conflict, DomainError, forbidden } from '../../common/domain-error';
import type { Role } from '../../auth/role';
import { isLadderRung, type LadderRung, rungAbove, WORKING_STATUSES } from './case-types';
import { counts, Draft, isLive } from './draft';
import type { Actor, Assignment, CaseState, Command, CommandBody, DueDeadline, Entry, TaskState, Transition } from './machine-types';

export type * from './machine-types';

/**
 * The case state machine: (case, command, actor, now) → everything the change does: the next case and
 * its timestamps and counters, the tasks to create or change, the clocks to start, stop or extend, the
 * timeline entries and the events to publish. Pure: no I/O, no clock of its own, no framework.
 *
 * Who may do what, at a glance (the code below is the authority; the specs check both agree):
 *
 * | command                    | case status            | rung          | who                                          |
 * |----------------------------|------------------------|---------------|----------------------------------------------|
 * | open                       | (new)                  | entry rung    | whoever reports (intake checked the street)  |
 * | claim, resolve             | pending / in_progress  | ladder        | the holder                                   |
 * | escalate                   | pending / in_progress  | ladder        | the holder; the sweeper (rung breach)        |
 * | whistle                    | pending / in_progress  | any           | the street; the area below the street        |
 * | dispatch                   | pending / in_progress  | any           | the street                                   |
 * | cancel                     | working or resolved    | any           | the street                                   |
 * | verify                     | resolved               | any           | the grid's inspector, the street             |
 * | reopen, rate               | closed                 | any           | the reporter (resident)                      |
 * | callback (回访)             | closed                 | any           | the street                                   |
 * | supervise (督办)            | working or resolved    | any           | the street; the case's area                  |
 * | claimTask, completeTask,   | pending / in_progress  | department    | the task's department's liaison              |
 * |   returnTask, requestExt.  |                        |               |                                              |
 * | decideExtension            | the task live          | department    | the street                                   |
 * | absorb (a merged report)   | any                    | any           | intake                                       |
 * | lapse (deadlines come)     | any                    | any           | the sweeper                                  |
 *
 * The admin may do what the street may; "the street" is the street of the case.
 */

const WORKING = WORKING_STATUSES;

const ROLE_OF_RUNG: Record<LadderRung, Role> = {
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

function ensure(condition: unknown, error: () => DomainError): asserts condition {
  if (!condition) throw error();
}

const notHolder = () => forbidden('Only the holder of the case may do this');
const onDepartments = () => conflict('The case is on departments: their liaisons claim and complete its tasks');
const notInState = (s: CaseState, action: string) => () => conflict(`Cannot ${action} a case that is ${s.status.replace('_', ' ')}`);
const taskIs = (t: TaskState) => () => conflict(`The task is ${t.recalled ? 'recalled' : t.status}`);

type Of<T extends Command['type']> = Extract<CommandBody, { type: T }>;

export function decide(s: CaseState, cmd: Command, actor: Actor, now: Date): Transition {
  const d = new Draft(s, cmd, actor, now);
  const working = WORKING.includes(s.status);

  switch (cmd.type) {
    case 'open':
      openCase(d, cmd);
      break;

    case 'absorb':
      d.leading.push({ type: 'merged', note: `${cmd.duplicate.code} reported the same problem`, data: { duplicate: cmd.duplicate.id } });
      d.leadingEvents.push({ name: 'case.updated', change: 'merged' });
      break;

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

    case 'escalate':
      ensure(actor.kind === 'system' || holds(actor, s), notHolder);
      ensure(working, notInState(s, 'escalate'));
      escalate(d, cmd.whistleTo);
      break;

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
      ensure(gridInspectorOf(actor, s) || streetOf(actor, s), () => forbidden("Only an inspector of the case's grid, or the street, may verify"));
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
      reopen(d, s);
      break;

    case 'rate':
      ensure(actor.kind === 'resident' || isAdmin(actor), () => forbidden('Only the reporter rates a case'));
      ensure(s.status === 'closed', () => conflict('Only a closed case can be rated'));
      ensure(!cmd.rated, () => conflict('This outcome has been rated already'));
      d.leading.push({ type: 'rated', note: cmd.note ?? null, data: { satisfaction: cmd.satisfaction } });
      if (cmd.satisfaction === 'unsatisfied' && !s.reopened) {
        d.note = cmd.note || '居民不满意';
        reopen(d, s);
      }
      break;

    case 'callback': {
      ensure(streetOf(actor, s), () => forbidden('Only the street calls reporters back'));
      ensure(s.status === 'closed', () => conflict('Only a closed case is called back'));
      const counted = cmd.reached && cmd.satisfaction !== undefined;
      ensure(!counted || !cmd.rated, () => conflict('This outcome has been rated already'));
      d.leading.push({
        type: 'callback',
        note: cmd.note ?? null,
        data: {
          reached: cmd.reached,
          ...(cmd.resolved !== undefined ? { resolved: cmd.resolved } : {}),
          ...(counted ? { satisfaction: cmd.satisfaction } : {}),
        },
      });
      if (counted && cmd.satisfaction === 'unsatisfied' && !s.reopened) {
        d.note = cmd.note || '回访不满意';
        reopen(d, s);
      }
      break;
    }

    case 'supervise':
      ensure(streetOf(actor, s) || areaOf(actor, s), () => forbidden('Only the street or the case’s area supervises a case'));
      ensure(working || s.status === 'resolved', notInState(s, 'supervise'));
      d.leading.push({ type: 'supervised', note: cmd.note ?? null, data: { dueAt: cmd.dueAt?.toISOString() ?? null } });
      supervise(d, s, cmd, now);
      d.leadingEvents.push({ name: 'case.supervised', note: cmd.note ?? null, dueAt: cmd.dueAt ?? null, by: cmd.by });
      break;

    case 'lapse':
      ensure(actor.kind === 'system', () => forbidden('Only the SLA sweeper marks deadlines'));
      lapse(d, s, cmd, now);
      break;

    case 'claimTask': {
      const t = d.task(cmd.taskId);
      ensure(liaisonOf(actor, t), () => forbidden('Only a liaison of the task’s department may report in'));
      ensure(!t.recalled && t.status === 'pending', taskIs(t));
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
      ensure(isLive(t), taskIs(t));
      d.stopTaskClocks(t);
      t.status = 'returned';
      d.mark(t.id, { sentBack: true });
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
      ensure(isLive(t), taskIs(t));
      ensure(!cmd.pending, () => conflict('An extension request for this task is already waiting for the street'));
      if (cmd.extensionId) {
        d.leading.push({
          type: 'task.extension_requested',
          task: { id: t.id },
          note: cmd.note ?? null,
          data: { duration: cmd.duration, extensionId: cmd.extensionId },
        });
      }
      break;
    }

    case 'decideExtension':
      decideExtension(d, s, cmd, actor);
      break;
  }
  return d.done();
}

/** From the street, climbing means whistling the category's departments. */
function escalate(d: Draft, whistleTo: Assignment[]): void {
  const s = d.state;
  ensure(isLadderRung(s.rung), () => conflict('The case is already on departments, above the ladder'));
  const above = rungAbove(s.rung);
  s.escalationCount += 1;
  if (above) {
    d.moveTo(above);
    d.change = 'escalated';
  } else {
    ensure(whistleTo.length > 0, () => conflict('The category names no department to whistle'));
    d.summon(whistleTo, s.regions.street);
    d.change = 'whistled';
  }
}

/**
 * The case carries its latest supervision, so lists and the wall can mark it (督办) without reading the
 * timeline; a later supervision replaces the due time (it may relax it as well as tighten it).
 */
function supervise(d: Draft, s: CaseState, cmd: Of<'supervise'>, now: Date): void {
  const count = (s.supervisionCount ?? 0) + 1;
  d.state.supervisionCount = count;
  Object.assign(d.extraRecord, { supervisedAt: now, supervisionDueAt: cmd.dueAt ?? null, supervisionCount: count, updatedAt: now });
}

function reopen(d: Draft, s: CaseState): void {
  ensure(s.status === 'closed', notInState(s, 'reopen'));
  ensure(!s.reopened, () => conflict('The case has been reopened once already'));
  d.rework();
  d.state.reopened = true;
  d.change = 'reopened';
}

function decideExtension(d: Draft, s: CaseState, cmd: Of<'decideExtension'> & Command, actor: Actor): void {
  const t = d.task(cmd.taskId);
  ensure(streetOf(actor, s), () => forbidden('Only the street command centre decides extensions'));
  ensure(isLive(t), taskIs(t));
  if (cmd.approved) {
    d.mark(t.id, { extended: true });
    d.taskChanges.push({ task: { id: t.id }, change: 'extended' });
    if (cmd.duration) d.clocks.push({ op: 'extend', clock: 'handle', task: { id: t.id }, by: cmd.duration });
  }
  if (cmd.extensionId) {
    // The extension's own entry says it all: not the generic `task.extended`.
    d.taskChanges.length = 0;
    if (cmd.approved) d.trailingEvents.push({ name: 'task.updated', task: { id: t.id }, change: 'extended' });
    d.leading.push({
      type: cmd.approved ? 'task.extended' : 'task.extension_declined',
      task: { id: t.id },
      note: cmd.note ?? null,
      data: { duration: cmd.duration, extensionId: cmd.extensionId, handleDueAt: null },
      withHandleDue: cmd.approved,
    });
  }
}

/**
 * Deadlines that have come: a warning once, then the breach. A rung breach of a case still working at
 * that rung climbs it one rung (from the street: whistles its departments); other breaches only mark
 * it overdue.
 */
function lapse(d: Draft, s: CaseState, cmd: Of<'lapse'>, now: Date): void {
  const warned = cmd.deadlines.filter((x) => x.dueAt > now);
  const breached = cmd.deadlines.filter((x) => x.dueAt <= now);
  const entry = (type: string, x: DueDeadline) => ({
    type,
    task: x.taskId ? { id: x.taskId } : undefined,
    data: { stage: x.stage, dueAt: x.dueAt.toISOString() },
  });
  for (const x of warned) {
    d.clocks.push({ op: 'warned', deadlineId: x.id });
    d.leading.push(entry('sla.warning', x));
    d.trailingEvents.push({ name: 'sla.warning', deadline: x });
  }
  for (const x of breached) {
    d.clocks.push({ op: 'breached', deadlineId: x.id });
    if (x.taskId) d.mark(x.taskId, { late: true });
    d.leading.push(entry('sla.breached', x));
    const climbs = x.stage === 'rung' && d.change === null && WORKING.includes(s.status) && s.rung === x.rung;
    if (climbs) {
      d.note = `${x.rung} time limit passed`;
      escalate(d, cmd.whistleTo);
    }
    const action = climbs ? (d.state.rung === 'department' ? 'whistled' : 'escalated') : 'none';
    d.trailingEvents.push({ name: 'sla.breached', deadline: x, action });
  }
}

/**
 * A new case (一口受理): at its entry rung, or on departments; merged into an open case of the same
 * problem nearby; closed at once when the inspector fixed it on the spot (自处置).
 */
function openCase(d: Draft, cmd: Of<'open'> & Command): void {
  const { entry } = cmd;
  d.leading.push({ type: 'created', note: cmd.note ?? null, data: cmd.source ? { source: cmd.source } : null });
  d.leadingEvents.push({ name: 'case.created' });
  d.note = null;
  if (cmd.master) {
    d.state.status = 'merged';
    d.leading.push({ type: 'merged', note: `Merged into ${cmd.master.code}`, data: { duplicateOf: cmd.master.id } });
  } else if (cmd.resolvedOnSite) {
    d.state.status = 'closed';
    d.extraRecord.feedback = cmd.note ?? undefined;
    d.leading.push({ type: 'closed', note: 'Resolved on site' });
  } else if (entry.rung === 'department') {
    for (const a of entry.assignments) d.addTask(a);
  } else {
    d.clocks.push({ op: 'start', clock: 'rung', rung: entry.rung });
  }
}

/** The state of a case about to be opened: at its entry rung, held by its region there (the street for departments). */
export function blankCase(regions: Record<LadderRung, string>, entry: Entry): CaseState {
  return {
    status: 'pending',
    rung: entry.rung,
    holderRegionCode: entry.rung === 'department' ? regions.street : regions[entry.rung],
    regions: { ...regions },
    reworkCount: 0,
    escalationCount: 0,
    reopened: false,
    tasks: [],
  };
}

/** Opens a case outside any store (the specs, and intake's decision before it writes the row). */
export function open(regions: Record<LadderRung, string>, entry: Entry, opts: { resolvedOnSite?: boolean } = {}, now = new Date()): Transition {
  return decide(blankCase(regions, entry), { type: 'open', entry, resolvedOnSite: opts.resolvedOnSite }, { kind: 'system' }, now);
}
