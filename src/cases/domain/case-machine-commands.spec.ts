import { DomainError, type ErrorKind } from '../../common/domain-error';
import { blankCase, decide, type Actor, type CaseState, type Command, type DueDeadline } from './case-machine';
import { caseAt, HERE, lead, assist, liaison, NOW, person, resident, street, sweeper } from './case-machine.fixtures';

/** Intake, merging, on-site closure, extensions, ratings and SLA lapses: commands of the machine. */

function outcome(s: CaseState, cmd: Command, actor: Actor): 'allowed' | ErrorKind {
  try {
    decide(s, cmd, actor, NOW);
    return 'allowed';
  } catch (e) {
    if (e instanceof DomainError) return e.kind;
    throw e;
  }
}

describe('case machine: open (一口受理)', () => {
  const entry = { rung: 'grid' as const, assignments: [] };
  const open = (cmd: Partial<Extract<Command, { type: 'open' }>> = {}) =>
    decide(blankCase(HERE, cmd.entry ?? entry), { type: 'open', entry, source: 'patrol', note: 'litter', ...cmd }, sweeper, NOW);

  it('routes to its entry rung, held by the region there; announces the case', () => {
    const t = open();
    expect(t.state).toMatchObject({ status: 'pending', rung: 'grid', holderRegionCode: HERE.grid });
    expect(t.timeline).toEqual([{ type: 'created', note: 'litter', data: { source: 'patrol' } }]);
    expect(t.events).toEqual([{ name: 'case.created' }]);
    expect(t.record).toEqual({});
  });

  it('on departments: held by the street, a task each, lead first', () => {
    const departments = { rung: 'department' as const, assignments: [{ departmentCode: 'chengguan', role: 'lead' as const }] };
    const t = open({ entry: departments });
    expect(t.state).toMatchObject({ rung: 'department', holderRegionCode: HERE.street });
    expect(t.timeline.map((e) => e.type)).toEqual(['created', 'task.created']);
    expect(t.events).toEqual([{ name: 'case.created' }, { name: 'task.updated', task: { created: 0 }, change: 'created' }]);
  });

  it('a duplicate is merged at once: closedAt, no clock, no closure counted', () => {
    const t = open({ master: { id: 'm-1', code: 'XH-1' } });
    expect(t.state.status).toBe('merged');
    expect(t.clocks).toEqual([]);
    expect(t.record).toEqual({ closedAt: NOW });
    expect(t.timeline[1]).toEqual({ type: 'merged', note: 'Merged into XH-1', data: { duplicateOf: 'm-1' } });
  });

  it('fixed on the spot (自处置): closed at once, one closure, the description as feedback', () => {
    const t = open({ resolvedOnSite: true });
    expect(t.state.status).toBe('closed');
    expect(t.record).toEqual({ closedAt: NOW, closureCount: 1, feedback: 'litter' });
    expect(t.timeline[1]).toEqual({ type: 'closed', note: 'Resolved on site' });
  });

  it('the master of a merged report records it and is announced, unchanged', () => {
    const s = caseAt('grid', { status: 'in_progress' });
    const t = decide(s, { type: 'absorb', duplicate: { id: 'd-1', code: 'XH-2' } }, sweeper, NOW);
    expect(t.state).toEqual(s);
    expect(t.record).toEqual({});
    expect(t.timeline).toEqual([{ type: 'merged', note: 'XH-2 reported the same problem', data: { duplicate: 'd-1' } }]);
    expect(t.events).toEqual([{ name: 'case.updated', change: 'merged' }]);
  });
});

describe('case machine: extensions (延期)', () => {
  const working = () => caseAt('department', { status: 'in_progress', tasks: [lead('chengguan', 'claimed'), assist('lvhua')] });

  it('a request is recorded on the timeline, nothing else', () => {
    const cmd: Command = { type: 'requestExtension', taskId: 'task-chengguan', duration: 'P1D', extensionId: 'e-1', note: 'rain' };
    const t = decide(working(), cmd, liaison('chengguan'), NOW);
    expect(t.timeline).toEqual([
      { type: 'task.extension_requested', task: { id: 'task-chengguan' }, note: 'rain', data: { duration: 'P1D', extensionId: 'e-1' } },
    ]);
    expect(t.clocks).toEqual([]);
    expect(t.events).toEqual([]);
    expect(t.record).toEqual({});
  });

  it('a second request while one waits is a conflict (409), after the liaison check (403 first)', () => {
    const cmd: Command = { type: 'requestExtension', taskId: 'task-chengguan', pending: true };
    expect(outcome(working(), cmd, liaison('chengguan'))).toBe('conflict');
    expect(outcome(working(), cmd, liaison('lvhua'))).toBe('forbidden');
  });

  it('approval extends the handling clock, says so on the timeline with the new due time, and announces the task', () => {
    const cmd: Command = { type: 'decideExtension', taskId: 'task-chengguan', approved: true, duration: 'P1D', extensionId: 'e-1', note: 'ok' };
    const t = decide(working(), cmd, street(), NOW);
    expect(t.clocks).toEqual([{ op: 'extend', clock: 'handle', task: { id: 'task-chengguan' }, by: 'P1D' }]);
    expect(t.timeline).toEqual([
      {
        type: 'task.extended',
        task: { id: 'task-chengguan' },
        note: 'ok',
        data: { duration: 'P1D', extensionId: 'e-1', handleDueAt: null },
        withHandleDue: true,
      },
    ]);
    expect(t.events).toEqual([{ name: 'task.updated', task: { id: 'task-chengguan' }, change: 'extended' }]);
    expect(t.record).toEqual({}); // an extension is not a change of the case
  });

  it('a refusal moves no clock and announces nothing', () => {
    const cmd: Command = { type: 'decideExtension', taskId: 'task-chengguan', approved: false, duration: 'P1D', extensionId: 'e-1' };
    const t = decide(working(), cmd, street(), NOW);
    expect(t.clocks).toEqual([]);
    expect(t.events).toEqual([]);
    expect(t.timeline.map((e) => e.type)).toEqual(['task.extension_declined']);
  });
});

describe('case machine: ratings (一站反馈)', () => {
  const closed = (o: Partial<CaseState> = {}) => caseAt('grid', { status: 'closed', closureCount: 1, ...o });

  it('a satisfied rating is recorded, the case stays closed', () => {
    const t = decide(closed(), { type: 'rate', satisfaction: 'satisfied', note: 'thanks' }, resident, NOW);
    expect(t.state.status).toBe('closed');
    expect(t.timeline).toEqual([{ type: 'rated', note: 'thanks', data: { satisfaction: 'satisfied' } }]);
    expect(t.events).toEqual([]);
  });

  it('the first unsatisfied rating reopens the case (返工), noted for the holder', () => {
    const t = decide(closed(), { type: 'rate', satisfaction: 'unsatisfied' }, resident, NOW);
    expect(t.state).toMatchObject({ status: 'in_progress', reopened: true, reworkCount: 1 });
    expect(t.timeline.map((e) => [e.type, e.note])).toEqual([
      ['rated', null],
      ['reopened', '居民不满意'],
    ]);
    expect(t.events).toEqual([{ name: 'case.updated', change: 'reopened' }]);
    expect(t.record).toEqual({ closedAt: null, updatedAt: NOW });
  });

  it('a second unsatisfied rating after a reopening only records', () => {
    const t = decide(closed({ reopened: true }), { type: 'rate', satisfaction: 'unsatisfied' }, resident, NOW);
    expect(t.state.status).toBe('closed');
  });

  it.each([
    ['an open case', caseAt('grid', { status: 'in_progress' }), {}],
    ['an outcome rated already', closed(), { rated: true }],
  ])('rating %s is a conflict (409)', (_, s, extra) => {
    expect(outcome(s, { type: 'rate', satisfaction: 'satisfied', ...extra }, resident)).toBe('conflict');
  });

  it('staff do not rate here (403)', () => {
    expect(outcome(closed(), { type: 'rate', satisfaction: 'satisfied' }, street())).toBe('forbidden');
  });
});

describe('case machine: call-backs (回访) and supervision (督办)', () => {
  const closed = (o: Partial<CaseState> = {}) => caseAt('grid', { status: 'closed', closureCount: 1, ...o });

  it('a call-back that reached the reporter records what was heard; the case stays closed', () => {
    const t = decide(closed(), { type: 'callback', reached: true, resolved: true, satisfaction: 'basic', note: '已回访' }, street(), NOW);
    expect(t.state.status).toBe('closed');
    expect(t.timeline).toEqual([{ type: 'callback', note: '已回访', data: { reached: true, resolved: true, satisfaction: 'basic' } }]);
    expect(t.events).toEqual([]);
  });

  it('an unreached call-back is only noted, and may follow a rating', () => {
    const t = decide(closed(), { type: 'callback', reached: false, rated: true }, street(), NOW);
    expect(t.timeline).toEqual([{ type: 'callback', note: null, data: { reached: false } }]);
  });

  it('an unsatisfied call-back reopens the case like a rating (返工)', () => {
    const t = decide(closed(), { type: 'callback', reached: true, satisfaction: 'unsatisfied' }, street(), NOW);
    expect(t.state).toMatchObject({ status: 'in_progress', reopened: true, reworkCount: 1 });
    expect(t.timeline.map((e) => [e.type, e.note])).toEqual([
      ['callback', null],
      ['reopened', '回访不满意'],
    ]);
  });

  it.each([
    ['an open case', caseAt('grid', { status: 'in_progress' }), {}],
    ['an outcome rated already', closed(), { rated: true }],
  ])('calling back %s with a satisfaction is a conflict (409)', (_, s, extra) => {
    expect(outcome(s, { type: 'callback', reached: true, satisfaction: 'satisfied', ...extra }, street())).toBe('conflict');
  });

  it('only the case’s street (or the admin) calls back', () => {
    const cmd: Command = { type: 'callback', reached: true, satisfaction: 'satisfied' };
    expect(outcome(closed(), cmd, person('admin'))).toBe('allowed');
    for (const actor of [person('street', 'S-TIANLIN'), person('area', HERE.area), person('inspector', HERE.grid), resident]) {
      expect(outcome(closed(), cmd, actor)).toBe('forbidden');
    }
  });

  it('supervision is on the timeline and raises case.supervised with who and by when', () => {
    const dueAt = new Date(NOW.getTime() + 3600_000);
    const t = decide(
      caseAt('neighbourhood', { status: 'in_progress' }),
      { type: 'supervise', by: 'street-cq', dueAt, note: '尽快处置' },
      street(),
      NOW,
    );
    expect(t.state.status).toBe('in_progress');
    expect(t.timeline).toEqual([{ type: 'supervised', note: '尽快处置', data: { dueAt: dueAt.toISOString() } }]);
    expect(t.events).toEqual([{ name: 'case.supervised', note: '尽快处置', dueAt, by: 'street-cq' }]);
    expect(t.clocks).toEqual([]);
  });

  it('supervision marks the case: when, by when, how many times — the latest one counts', () => {
    const dueAt = new Date(NOW.getTime() + 3600_000);
    const first = decide(caseAt('grid', { status: 'pending' }), { type: 'supervise', by: 'street-cq', dueAt, note: '限时' }, street(), NOW);
    expect(first.record).toEqual({ supervisedAt: NOW, supervisionDueAt: dueAt, supervisionCount: 1, updatedAt: NOW });
    expect(first.state.supervisionCount).toBe(1);

    const later = new Date(NOW.getTime() + 600_000);
    const again = decide(first.state, { type: 'supervise', by: 'area-a1', note: '再次督办' }, person('area', HERE.area), later);
    expect(again.record).toEqual({ supervisedAt: later, supervisionDueAt: null, supervisionCount: 2, updatedAt: later });
    expect(again.state.supervisionCount).toBe(2);
  });

  it('a case with no supervision count (an old row) starts from none', () => {
    const { supervisionCount: _, ...old } = caseAt('street', { status: 'in_progress' });
    expect(decide(old, { type: 'supervise', by: 'x', note: 'n' }, street(), NOW).record.supervisionCount).toBe(1);
  });

  it('other commands leave the supervision alone', () => {
    const s = caseAt('grid', { status: 'pending', supervisionCount: 2 });
    const t = decide(s, { type: 'claim' }, person('inspector', HERE.grid), NOW);
    expect(t.state.supervisionCount).toBe(2);
    expect(Object.keys(t.record).filter((k) => k.startsWith('supervis'))).toEqual([]);
  });

  it('the street and the case’s area supervise; not a closed case', () => {
    const cmd: Command = { type: 'supervise', by: 'x', note: 'n' };
    const open = caseAt('grid', { status: 'pending' });
    expect(outcome(open, cmd, person('area', HERE.area))).toBe('allowed');
    expect(outcome(caseAt('grid', { status: 'resolved' }), cmd, street())).toBe('allowed');
    expect(outcome(open, cmd, person('area', 'A-2'))).toBe('forbidden');
    expect(outcome(open, cmd, person('neighbourhood', HERE.neighbourhood))).toBe('forbidden');
    expect(outcome(closed(), cmd, street())).toBe('conflict');
  });
});

describe('case machine: deadlines that have come (the sweeper)', () => {
  const due = (o: Partial<DueDeadline>): DueDeadline => ({
    id: 'd-1',
    stage: 'rung',
    rung: 'grid',
    taskId: null,
    dueAt: new Date(NOW.getTime() - 1),
    ...o,
  });
  const lapse = (s: CaseState, ...deadlines: DueDeadline[]) =>
    decide(s, { type: 'lapse', deadlines, whistleTo: [{ departmentCode: 'chengguan', role: 'lead' }] }, sweeper, NOW);

  it('a warning: marked once, on the timeline, announced; the case untouched', () => {
    const d = due({ dueAt: new Date(NOW.getTime() + 60_000) });
    const t = lapse(caseAt('grid'), d);
    expect(t.clocks).toEqual([{ op: 'warned', deadlineId: 'd-1' }]);
    expect(t.timeline).toEqual([{ type: 'sla.warning', task: undefined, data: { stage: 'rung', dueAt: d.dueAt.toISOString() } }]);
    expect(t.events).toEqual([{ name: 'sla.warning', deadline: d }]);
    expect(t.record).toEqual({});
  });

  it('a rung breach of a case still working at that rung climbs it one rung', () => {
    const t = lapse(caseAt('grid', { status: 'in_progress' }), due({}));
    expect(t.state).toMatchObject({ rung: 'neighbourhood', status: 'pending', escalationCount: 1 });
    expect(t.clocks[0]).toEqual({ op: 'breached', deadlineId: 'd-1' });
    expect(t.timeline.map((e) => [e.type, e.note ?? null])).toEqual([
      ['sla.breached', null],
      ['escalated', 'grid time limit passed'],
    ]);
    expect(t.events.map((e) => e.name)).toEqual(['case.updated', 'sla.breached']);
    expect(t.events[1]).toMatchObject({ action: 'escalated' });
  });

  it('from the street, a rung breach whistles the category’s departments', () => {
    const t = lapse(caseAt('street'), due({ rung: 'street' }));
    expect(t.state.rung).toBe('department');
    expect(t.created).toEqual([{ departmentCode: 'chengguan', role: 'lead' }]);
    expect(t.events.at(-1)).toMatchObject({ name: 'sla.breached', action: 'whistled' });
  });

  it.each<[string, CaseState, DueDeadline]>([
    ['has moved on to another rung', caseAt('neighbourhood'), due({ rung: 'grid' })],
    ['is resolved', caseAt('grid', { status: 'resolved' }), due({})],
    ['breached a task clock', caseAt('department', { status: 'in_progress' }), due({ stage: 'handle', rung: null, taskId: 'task-chengguan' })],
  ])('a breach of a case that %s only marks it overdue', (_, s, d) => {
    const t = lapse(s, d);
    expect(t.state).toEqual(s);
    expect(t.clocks).toEqual([{ op: 'breached', deadlineId: d.id }]);
    expect(t.events).toEqual([{ name: 'sla.breached', deadline: d, action: 'none' }]);
  });

  it('a task clock’s breach marks the task late for the evaluation; a warning or a rung breach marks no task', () => {
    const s = caseAt('department', { status: 'in_progress' });
    expect(lapse(s, due({ stage: 'claim', rung: null, taskId: 'task-chengguan' })).tasks).toEqual([{ task: { id: 'task-chengguan' }, late: true }]);
    expect(lapse(s, due({ stage: 'handle', rung: null, taskId: 'task-chengguan', dueAt: new Date(NOW.getTime() + 1) })).tasks).toEqual([]);
    expect(lapse(caseAt('grid', { status: 'in_progress' }), due({})).tasks).toEqual([]);
  });

  it('climbs a case once, whatever else came due with it; warnings come before breaches', () => {
    const warn = due({ id: 'd-2', stage: 'verify', rung: null, dueAt: new Date(NOW.getTime() + 1) });
    const t = lapse(caseAt('grid'), due({}), due({ id: 'd-3', rung: 'grid' }), warn);
    expect(t.state.rung).toBe('neighbourhood');
    expect(t.timeline.map((e) => e.type)).toEqual(['sla.warning', 'sla.breached', 'sla.breached', 'escalated']);
  });

  it('only the sweeper marks deadlines (403)', () => {
    expect(outcome(caseAt('grid'), { type: 'lapse', deadlines: [due({})], whistleTo: [] }, person('admin'))).toBe('forbidden');
  });
});
