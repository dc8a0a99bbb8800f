import type { Category, SlaPolicy } from '../catalog/category.entity';
import type { ClockOp, TaskRef } from '../cases/domain/machine-types';
import { parseDuration } from './duration';
import { clockFor, type Clock, type WorkingCalendar } from './working-time';

/** What a transition's clocks are planned against. */
export interface PlanContext {
  caseId: string;
  category: Category;
  calendar: WorkingCalendar;
  now: Date;
  /** Ids of the tasks the transition created, in order. */
  createdTaskIds: string[];
  /** The case is opened in this transaction: none of its clocks runs yet, so there is nothing to stop. */
  opened?: boolean;
  /** An urgent case runs every clock on the category's urgent durations, where it has them. */
  priority?: 'normal' | 'urgent';
}

export interface ClockKey {
  caseId: string;
  stage: 'rung' | 'claim' | 'handle' | 'verify';
  taskId: string | null;
}

export interface NewDeadline extends ClockKey {
  rung: string | null;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date;
}

export interface Extension {
  taskId: string;
  by: string;
  clock: Clock;
  warnRatio: number;
  /** The moment of the change that granted it. */
  at: Date;
}

/**
 * The deadline rows a batch of transitions writes: every value but an extension's is known here. Each
 * mark, stop and extension carries the moment of its own change: live, a batch's changes share one,
 * but the demo history's replay (src/history/) commits changes of several moments together.
 */
export interface ClockPlan {
  now: Date;
  marks: { id: string; op: 'warned' | 'breached'; at: Date }[];
  stops: (ClockKey & { at: Date })[];
  starts: NewDeadline[];
  extensions: Extension[];
}

/** A task's due times as its new deadlines set them. */
export interface TaskDue {
  taskId: string;
  claimDueAt?: Date;
  handleDueAt?: Date;
}

/** The SLA columns of a case row (`sla_state`, `sla_stage`, `sla_due_at`, `rung_due_at`, `verify_due_at`). */
export interface SlaView {
  slaState: 'ok' | 'warning' | 'breached';
  slaStage: ClockKey['stage'] | null;
  slaDueAt: Date | null;
  rungDueAt: Date | null;
  verifyDueAt: Date | null;
}

const sameClock = (a: ClockKey, b: ClockKey) => a.caseId === b.caseId && a.stage === b.stage && a.taskId === b.taskId;

/** Turns the clock operations of transitions (one case each) into the deadline rows to write. */
export function planClocks(plans: { ops: ClockOp[]; ctx: PlanContext }[], now: Date): ClockPlan {
  const plan: ClockPlan = { now, marks: [], stops: [], starts: [], extensions: [] };
  for (const { ops, ctx } of plans) {
    const clock = clockFor(ctx.category.sla.calendar, ctx.calendar);
    const policy = policyFor(ctx.category.sla, ctx.priority);
    const taskId = (ref: TaskRef) => ('id' in ref ? ref.id : ctx.createdTaskIds[ref.created]);
    // A start can only be undone by a later op of the same case: look among this case's starts alone.
    const starts: NewDeadline[] = [];
    for (const op of ops) {
      if ('deadlineId' in op) {
        plan.marks.push({ id: op.deadlineId, op: op.op, at: ctx.now });
        continue;
      }
      if ('by' in op) {
        plan.extensions.push({ taskId: taskId(op.task), by: op.by, clock, warnRatio: policy.warnRatio, at: ctx.now });
        continue;
      }
      const key: ClockKey = { caseId: ctx.caseId, stage: op.clock, taskId: 'task' in op ? taskId(op.task) : null };
      // Every op ends the clock's running row; a start then opens a new one from now.
      const pending = starts.findIndex((s) => sameClock(s, key));
      if (pending >= 0) starts.splice(pending, 1);
      if (!ctx.opened) plan.stops.push({ ...key, at: ctx.now });
      if (op.op === 'stop') continue;
      const duration = op.clock === 'rung' ? policy.ladder[op.rung] : policy[op.clock];
      const { dueAt, warnAt } = schedule(clock, ctx.now, duration, policy.warnRatio);
      starts.push({ ...key, rung: op.clock === 'rung' ? op.rung : null, startedAt: ctx.now, warnAt, dueAt });
    }
    plan.starts.push(...starts);
  }
  return plan;
}

/** The durations a case runs on: the category's, with its urgent overrides for an urgent case. */
export function policyFor(sla: SlaPolicy, priority: 'normal' | 'urgent' = 'normal'): SlaPolicy {
  const u = sla.urgent;
  if (priority !== 'urgent' || !u) return sla;
  return {
    ...sla,
    claim: u.claim ?? sla.claim,
    handle: u.handle ?? sla.handle,
    verify: u.verify ?? sla.verify,
    ladder: { ...sla.ladder, ...Object.fromEntries(Object.entries(u.ladder ?? {}).filter(([, v]) => v !== undefined)) },
  };
}

/** The due times that started clocks give their tasks. */
export function taskDues(starts: NewDeadline[]): Map<string, TaskDue> {
  const due = new Map<string, TaskDue>();
  for (const s of starts) {
    if (s.taskId === null) continue;
    const d = due.get(s.taskId) ?? due.set(s.taskId, { taskId: s.taskId }).get(s.taskId)!;
    d[s.stage === 'claim' ? 'claimDueAt' : 'handleDueAt'] = s.dueAt;
  }
  return due;
}

/**
 * The SLA view of a case whose only deadlines are `running` (a case opened in this transaction): the
 * stage and due time of the nearest, as the case repository's SQL view derives it for any case.
 */
export function slaViewOfNew(running: NewDeadline[]): SlaView {
  const byDue = [...running].sort((a, b) => +a.dueAt - +b.dueAt);
  const first = (stage: ClockKey['stage']) => byDue.find((d) => d.stage === stage)?.dueAt ?? null;
  return {
    slaState: 'ok',
    slaStage: byDue[0]?.stage ?? null,
    slaDueAt: byDue[0]?.dueAt ?? null,
    rungDueAt: first('rung'),
    verifyDueAt: first('verify'),
  };
}

/** Due time, and the warning at `warnRatio` of the span (none at 0 or 1). */
export function schedule(clock: Clock, start: Date, iso: string, warnRatio: number): { dueAt: Date; warnAt: Date | null } {
  const duration = parseDuration(iso);
  if (!duration) throw new Error(`Invalid SLA duration ${iso}`);
  const span = clock.toMs(duration);
  return { dueAt: clock.add(start, span), warnAt: warningAt(clock, start, span, warnRatio) };
}

/** The warning at `warnRatio` of a span of working time from `start`; none at 0 or 1. */
function warningAt(clock: Clock, start: Date, span: number, warnRatio: number): Date | null {
  return warnRatio > 0 && warnRatio < 1 ? clock.add(start, Math.round(span * warnRatio)) : null;
}

/** An approved extension's new times for a running handling deadline (a warning once given is not repeated). */
export function extended(e: Extension, d: { startedAt: Date; dueAt: Date }, now: Date) {
  const duration = parseDuration(e.by);
  if (!duration) throw new Error(`Invalid duration ${e.by}`);
  const dueAt = e.clock.add(d.dueAt, e.clock.toMs(duration));
  const warnAt = warningAt(e.clock, d.startedAt, e.clock.between(d.startedAt, dueAt), e.warnRatio);
  const state = warnAt && warnAt <= now ? ('warned' as const) : ('running' as const);
  const nextAt = state === 'running' && warnAt ? warnAt : dueAt;
  return { dueAt, warnAt, state, nextAt };
}
