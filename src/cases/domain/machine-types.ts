import type { Role } from '../../auth/role';
import type { CaseChange, CaseStatus, LadderRung, Rung, TaskChange, TaskRole, TaskStatus } from './case-types';

/** The words the case machine speaks: its input (state, command, actor) and its output (Transition). */

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
  /** Times the case was closed (a rating belongs to one closure); 0 when left out. */
  closureCount?: number;
  /** Times the case was supervised (督办); 0 when left out. */
  supervisionCount?: number;
  tasks: TaskState[];
}

export type Actor =
  | { kind: 'user'; role: Role; regionCode: string | null; departmentCode: string | null; id?: string | null }
  | { kind: 'system' } // the SLA sweeper
  | { kind: 'resident' }; // a rating from the public page

export interface Assignment {
  departmentCode: string;
  role: TaskRole;
}

export interface Entry {
  rung: Rung;
  /** The departments to summon when the rung is `department`, lead first. */
  assignments: Assignment[];
}

/** A deadline that has come (the sweeper's row): its warning time, or its due time. */
export interface DueDeadline {
  id: string;
  stage: 'rung' | 'claim' | 'handle' | 'verify';
  rung: string | null;
  taskId: string | null;
  dueAt: Date;
}

export type CommandBody =
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
  | { type: 'requestExtension'; taskId: string; duration?: string; extensionId?: string; pending?: boolean }
  | { type: 'decideExtension'; taskId: string; approved: boolean; duration?: string; extensionId?: string }
  /** A new case (一口受理) on a blank state (`blankCase`): routed, merged into `master`, or closed on the spot. */
  | { type: 'open'; entry: Entry; resolvedOnSite?: boolean; source?: string; master?: { id: string; code: string } }
  /** The master case of a report just merged into it. */
  | { type: 'absorb'; duplicate: { id: string; code: string } }
  /** A resident rates the outcome (一站反馈); the first `unsatisfied` reopens the case. */
  | { type: 'rate'; satisfaction: string; rated?: boolean }
  /** 回访: the street reached (or tried to reach) the reporter; a reached answer with a satisfaction counts like a rating. */
  | { type: 'callback'; reached: boolean; resolved?: boolean; satisfaction?: string; rated?: boolean }
  /** 督办: an area or the street presses the case's handlers, optionally by a time. */
  | { type: 'supervise'; dueAt?: Date; by: string }
  /** Deadlines of the case that have come (the SLA sweeper). */
  | { type: 'lapse'; deadlines: DueDeadline[]; whistleTo: Assignment[] };

/** What the person said and showed: on the timeline, as feedback, and on the task a task command is about. */
export interface Detail {
  note?: string | null;
  data?: Record<string, unknown>;
  photos?: string[];
}
export type Command = CommandBody & Detail;

/** An existing task, or the n-th task this transition creates. */
export type TaskRef = { id: string } | { created: number };

export type ClockOp =
  | { op: 'start'; clock: 'rung'; rung: LadderRung }
  | { op: 'start'; clock: 'verify' }
  | { op: 'stop'; clock: 'rung' | 'verify' }
  | { op: 'start' | 'stop'; clock: 'claim' | 'handle'; task: TaskRef }
  /** An approved extension (延期): the task's running handling deadline moves by `by` (ISO 8601). */
  | { op: 'extend'; clock: 'handle'; task: TaskRef; by: string }
  /** A deadline's warning given, or its breach recorded. */
  | { op: 'warned' | 'breached'; deadlineId: string };

/** The stored case columns a transition sets besides its state; only those that change. */
export interface CaseRecordPatch {
  closureCount?: number;
  /** The latest supervision (督办): when, by when it asked for, and how many so far — what the wall marks. */
  supervisedAt?: Date;
  supervisionDueAt?: Date | null;
  supervisionCount?: number;
  feedback?: string;
  resolvedAt?: Date;
  closedAt?: Date | null;
  updatedAt?: Date;
}

/** A task's stored columns a transition sets; only those that change. */
/**
 * What the evaluation counts of a task (考核), kept on its row as the change happens so that a year of
 * indicators is one scan of the task table: a clock of it breached, sent back by its department, given
 * more time, reopened by a rework. Once true, true for good.
 */
export interface TaskFacts {
  late?: true;
  sentBack?: true;
  extended?: true;
  reworked?: true;
}

export interface TaskPatch extends TaskFacts {
  task: TaskRef;
  status?: TaskStatus;
  recalled?: boolean;
  claimedBy?: string | null;
  claimedAt?: Date;
  doneAt?: Date | null;
  returnedAt?: Date;
  note?: string | null;
  photos?: string[];
  updatedAt?: Date;
}

export interface TimelineEntry {
  type: string;
  note?: string | null;
  task?: TaskRef;
  data?: Record<string, unknown> | null;
  /** Record the task's handling due time as the change leaves it (`data.handleDueAt`). */
  withHandleDue?: boolean;
}

/** The events to publish, as data; the framework side turns them into event classes in one place. */
export type EventSpec =
  | { name: 'case.created' }
  | { name: 'case.updated'; change: CaseChange }
  | { name: 'task.updated'; task: TaskRef; change: TaskChange }
  | { name: 'sla.warning'; deadline: DueDeadline }
  | { name: 'sla.breached'; deadline: DueDeadline; action: 'escalated' | 'whistled' | 'none' }
  | { name: 'case.supervised'; note: string | null; dueAt: Date | null; by: string };

export interface Transition {
  state: CaseState;
  /** Tasks to create, in order (`{ created: n }` refers to them). */
  created: Assignment[];
  change: CaseChange | null;
  taskChanges: { task: TaskRef; change: TaskChange }[];
  clocks: ClockOp[];
  /** The case's other columns: timestamps, closure count, feedback. */
  record: CaseRecordPatch;
  /** The tasks' columns, for every task whose status or recall changed (and the one a command is about). */
  tasks: TaskPatch[];
  timeline: TimelineEntry[];
  events: EventSpec[];
}
