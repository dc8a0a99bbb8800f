import type { Category } from '../catalog/category.entity';
import { planClocks, policyFor, slaViewOfNew, taskDues, type NewDeadline } from './clock-plan';
import type { WorkingCalendar } from './working-time';

const calendar: WorkingCalendar = {
  timezone: 'Asia/Shanghai',
  workdays: [1, 2, 3, 4, 5],
  hours: [['09:00', '17:00']],
  holidays: [],
  extraWorkdays: [],
} as unknown as WorkingCalendar;
const category = {
  code: '0101',
  sla: { calendar: 'natural', warnRatio: 0.5, ladder: { grid: 'PT2H', neighbourhood: 'PT4H' }, claim: 'PT1H', handle: 'PT8H', verify: 'PT24H' },
} as unknown as Category;
const now = new Date('2026-03-02T02:00:00Z');
const plus = (h: number) => new Date(now.getTime() + h * 3600_000);
const ctx = (o: Partial<Parameters<typeof planClocks>[0][0]['ctx']> = {}) => ({
  caseId: 'c1',
  category,
  calendar,
  now,
  createdTaskIds: ['t-new'],
  ...o,
});

describe('clock plan', () => {
  it('a new case starts its clocks and stops none (nothing runs yet)', () => {
    const plan = planClocks([{ ops: [{ op: 'start', clock: 'rung', rung: 'grid' }], ctx: ctx({ opened: true }) }], now);
    expect(plan.stops).toEqual([]);
    expect(plan.starts).toEqual([{ caseId: 'c1', stage: 'rung', taskId: null, rung: 'grid', startedAt: now, warnAt: plus(1), dueAt: plus(2) }]);
  });

  it('an existing case stops the clock it restarts, and a start then stop in one change writes only the stop', () => {
    const plan = planClocks(
      [
        {
          ops: [
            { op: 'start', clock: 'rung', rung: 'neighbourhood' },
            { op: 'start', clock: 'claim', task: { created: 0 } },
            { op: 'stop', clock: 'claim', task: { created: 0 } },
          ],
          ctx: ctx(),
        },
      ],
      now,
    );
    expect(plan.stops.map((s) => `${s.stage}:${s.taskId}`)).toEqual(['rung:null', 'claim:t-new', 'claim:t-new']);
    expect(plan.starts.map((s) => `${s.stage}:${s.dueAt.toISOString()}`)).toEqual([`rung:${plus(4).toISOString()}`]);
  });

  it('marks and extensions go through as they are', () => {
    const plan = planClocks(
      [
        {
          ops: [
            { op: 'breached', deadlineId: '7' },
            { op: 'extend', clock: 'handle', task: { id: 't1' }, by: 'P1D' },
          ],
          ctx: ctx(),
        },
      ],
      now,
    );
    expect(plan.marks).toEqual([{ id: '7', op: 'breached', at: now }]);
    expect(plan.extensions).toMatchObject([{ taskId: 't1', by: 'P1D', warnRatio: 0.5 }]);
  });

  it('task due times come from the task clocks that started', () => {
    const starts = [
      { caseId: 'c1', stage: 'claim', taskId: 't1', dueAt: plus(1) },
      { caseId: 'c1', stage: 'handle', taskId: 't2', dueAt: plus(8) },
      { caseId: 'c1', stage: 'rung', taskId: null, dueAt: plus(2) },
    ] as NewDeadline[];
    expect([...taskDues(starts).values()]).toEqual([
      { taskId: 't1', claimDueAt: plus(1) },
      { taskId: 't2', handleDueAt: plus(8) },
    ]);
  });

  it('the SLA view of a new case: ok, the nearest clock first, rung and verify due times apart', () => {
    const d = (stage: NewDeadline['stage'], h: number) => ({
      caseId: 'c1',
      stage,
      taskId: null,
      rung: null,
      startedAt: now,
      warnAt: null,
      dueAt: plus(h),
    });
    expect(slaViewOfNew([d('rung', 4), d('claim', 1)])).toEqual({
      slaState: 'ok',
      slaStage: 'claim',
      slaDueAt: plus(1),
      rungDueAt: plus(4),
      verifyDueAt: null,
    });
    expect(slaViewOfNew([])).toEqual({ slaState: 'ok', slaStage: null, slaDueAt: null, rungDueAt: null, verifyDueAt: null });
  });

  it('an urgent case runs on the urgent durations where the category has them, the normal ones elsewhere', () => {
    const sla = { ...category.sla, urgent: { claim: 'PT15M', ladder: { grid: 'PT30M' } } };
    expect(policyFor(sla, 'urgent')).toMatchObject({ claim: 'PT15M', handle: 'PT8H', ladder: { grid: 'PT30M', neighbourhood: 'PT4H' } });
    expect(policyFor(sla, 'normal')).toBe(sla);
    expect(policyFor(category.sla, 'urgent')).toBe(category.sla);
    const urgent = { ...category, sla } as Category;
    const plan = planClocks(
      [
        { ops: [{ op: 'start', clock: 'rung', rung: 'grid' }], ctx: ctx({ category: urgent, priority: 'urgent', opened: true }) },
        { ops: [{ op: 'start', clock: 'rung', rung: 'grid' }], ctx: ctx({ caseId: 'c2', category: urgent, priority: 'normal', opened: true }) },
      ],
      now,
    );
    expect(plan.starts.map((d) => (d.dueAt.getTime() - now.getTime()) / 60_000)).toEqual([30, 120]);
  });
});
