import { DomainError, ErrorKind } from '../../common/domain-error';
import type { Role } from '../../auth/role';
import { Actor, Assignment, CaseState, ClockOp, Command, decide, TaskRef, TaskState, Transition } from './case-machine';
import { CaseStatus, LADDER, LadderRung, Rung, TaskRole, TaskStatus } from './case-types';

/** The cast, cases, commands and clocks of the machine's transition tables (case-machine*.spec.ts). */

// ─── The place: the case's own regions, and the neighbouring ones outsiders come from ───────────

export const HERE: Record<LadderRung, string> = { grid: 'G-0101', neighbourhood: 'N-01', area: 'A-1', street: 'S-CAOYANG' };
export const ELSEWHERE: Record<LadderRung, string> = { grid: 'G-0102', neighbourhood: 'N-02', area: 'A-2', street: 'S-TIANLIN' };

// Departments (城管, 绿化, 房管, 水务, 交警).
export const CG = 'chengguan';
export const LH = 'lvhua';
export const FG = 'fangguan';
export const SW = 'shuiwu';
export const JJ = 'jiaojing';

// ─── Actors ──────────────────────────────────────────────────────────────────────────────────────

export const person = (role: Role, regionCode: string | null = null, departmentCode: string | null = null): Actor => ({
  kind: 'user',
  role,
  regionCode,
  departmentCode,
});
export const inspector = (grid = HERE.grid) => person('inspector', grid);
export const neighbourhood = (code = HERE.neighbourhood) => person('neighbourhood', code);
export const area = (code = HERE.area) => person('area', code);
export const street = (code = HERE.street) => person('street', code);
export const liaison = (departmentCode: string) => person('liaison', null, departmentCode);
export const display = (code = HERE.street) => person('display', code);
export const admin = person('admin');
export const sweeper: Actor = { kind: 'system' };
export const resident: Actor = { kind: 'resident' };

export const castOf = <K extends string>(c: Record<K, Actor>) => c;
/** Everyone who might try something; "the …" are the case's own regions, "another …" the neighbours. */
export const CAST = castOf({
  'the grid inspector': inspector(),
  "another grid's inspector": inspector(ELSEWHERE.grid),
  'the neighbourhood': neighbourhood(),
  'another neighbourhood': neighbourhood(ELSEWHERE.neighbourhood),
  'the area': area(),
  'another area': area(ELSEWHERE.area),
  'the street': street(),
  'another street': street(ELSEWHERE.street),
  'the 城管 liaison': liaison(CG),
  'a 交警 liaison': liaison(JJ),
  'the wall display': display(),
  'the SLA sweeper': sweeper,
  'a resident': resident,
  'an admin': admin,
});
export type Who = keyof typeof CAST;
export const EVERYONE = Object.keys(CAST) as Who[];
/** Everyone except `allowed`: the rows of a "may not" table. */
export const everyoneBut = (...allowed: Who[]) => EVERYONE.filter((w) => !allowed.includes(w));

export const HOLDER: Record<LadderRung, Who> = {
  grid: 'the grid inspector',
  neighbourhood: 'the neighbourhood',
  area: 'the area',
  street: 'the street',
};

// ─── Cases and tasks ─────────────────────────────────────────────────────────────────────────────

export const idOf = (departmentCode: string) => `task-${departmentCode}`;
export const taskOf =
  (role: TaskRole) =>
  (departmentCode: string, status: TaskStatus = 'pending', recalled = false): TaskState => ({
    id: idOf(departmentCode),
    departmentCode,
    role,
    status,
    recalled,
  });
export const lead = taskOf('lead');
export const assist = taskOf('assist');

/** A case sitting at `rung`, held by its region there (the street for departments), pending. */
export function caseAt(rung: Rung, overrides: Partial<CaseState> = {}): CaseState {
  return {
    status: 'pending',
    rung,
    holderRegionCode: rung === 'department' ? HERE.street : HERE[rung],
    regions: { ...HERE },
    reworkCount: 0,
    escalationCount: 0,
    reopened: false,
    tasks: rung === 'department' ? [lead(CG), assist(LH)] : [],
    ...overrides,
  };
}

export const summons = (leadCode: string, ...assistCodes: string[]): Assignment[] => [
  { departmentCode: leadCode, role: 'lead' },
  ...assistCodes.map((departmentCode) => ({ departmentCode, role: 'assist' as const })),
];

// ─── Commands ────────────────────────────────────────────────────────────────────────────────────

export const claim: Command = { type: 'claim' };
export const resolve: Command = { type: 'resolve' };
export const escalate = (...whistleTo: Assignment[]): Command => ({ type: 'escalate', whistleTo });
export const whistle = (...assignments: Assignment[]): Command => ({ type: 'whistle', assignments });
export const dispatchTo = (rung: LadderRung): Command => ({ type: 'dispatch', rung });
export const dispatchToDepartments = (...assignments: Assignment[]): Command => ({ type: 'dispatch', rung: 'department', assignments });
export const cancel: Command = { type: 'cancel' };
export const verify = (passed: boolean): Command => ({ type: 'verify', passed });
export const reopen: Command = { type: 'reopen' };
export const claimTask = (dept: string): Command => ({ type: 'claimTask', taskId: idOf(dept) });
export const completeTask = (dept: string): Command => ({ type: 'completeTask', taskId: idOf(dept) });
export const returnTask = (dept: string): Command => ({ type: 'returnTask', taskId: idOf(dept) });
export const requestExtension = (dept: string): Command => ({ type: 'requestExtension', taskId: idOf(dept) });
export const decideExtension = (dept: string, approved: boolean): Command => ({ type: 'decideExtension', taskId: idOf(dept), approved });

// ─── Clocks ──────────────────────────────────────────────────────────────────────────────────────

export const startRung = (rung: LadderRung): ClockOp => ({ op: 'start', clock: 'rung', rung });
export const stopRung: ClockOp = { op: 'stop', clock: 'rung' };
export const startVerify: ClockOp = { op: 'start', clock: 'verify' };
export const stopVerify: ClockOp = { op: 'stop', clock: 'verify' };
export const existing = (dept: string): TaskRef => ({ id: idOf(dept) });
export const stopClaim = (dept: string): ClockOp => ({ op: 'stop', clock: 'claim', task: existing(dept) });
export const stopHandle = (dept: string): ClockOp => ({ op: 'stop', clock: 'handle', task: existing(dept) });
export const startHandle = (dept: string): ClockOp => ({ op: 'start', clock: 'handle', task: existing(dept) });
/** Claim and handle clocks of the first `n` tasks a transition creates. */
export const newTaskClocks = (n: number): ClockOp[] =>
  Array.from({ length: n }, (_, i): ClockOp[] => [
    { op: 'start', clock: 'claim', task: { created: i } },
    { op: 'start', clock: 'handle', task: { created: i } },
  ]).flat();
export const createdTasks = (n: number) => Array.from({ length: n }, (_, i) => ({ task: { created: i }, change: 'created' as const }));

export const NOW = new Date('2026-03-02T02:00:00Z');

// ─── Running the machine ─────────────────────────────────────────────────────────────────────────

export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Decides on a deep-frozen case: any write to the input throws (the specs run in strict mode). */
export const act = (s: CaseState, cmd: Command, actor: Actor): Transition => decide(deepFreeze(s), cmd, actor, NOW);

/** 'allowed', or the kind of the DomainError the machine refused with. */
export function outcome(s: CaseState, cmd: Command, actor: Actor): 'allowed' | ErrorKind {
  try {
    act(s, cmd, actor);
    return 'allowed';
  } catch (e) {
    if (e instanceof DomainError) return e.kind;
    throw e;
  }
}

export const WORKING: CaseStatus[] = ['pending', 'in_progress'];
export const FINISHED: CaseStatus[] = ['closed', 'cancelled', 'merged'];
export const NOT_WORKING: CaseStatus[] = ['resolved', ...FINISHED];
/** Every ladder rung paired with every status in `statuses`. */
export const atEveryRung = (statuses: CaseStatus[]) => LADDER.flatMap((rung) => statuses.map((status): [LadderRung, CaseStatus] => [rung, status]));

// ═════════════════════════════════════════════════════════════════════════════════════════════════
