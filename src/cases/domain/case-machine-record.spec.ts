import { DomainError } from '../../common/domain-error';
import { decide } from './case-machine';
import { assist, caseAt, HERE, lead, liaison, NOW, person, resident, street } from './case-machine.fixtures';

/** The bookkeeping the store used to decide: timestamps, counters, feedback, who claimed, when done. */
describe('case machine: what a change records', () => {
  const holder = person('inspector', HERE.grid);

  describe('the case row', () => {
    it('resolving stamps resolvedAt and takes the note as the reporter’s feedback', () => {
      const t = decide(caseAt('grid', { status: 'in_progress' }), { type: 'resolve', note: 'cleared' }, holder, NOW);
      expect(t.record).toEqual({ resolvedAt: NOW, feedback: 'cleared', updatedAt: NOW });
    });

    it('resolving without a note keeps the feedback there was', () => {
      const t = decide(caseAt('grid', { status: 'in_progress' }), { type: 'resolve' }, holder, NOW);
      expect(t.record).toEqual({ resolvedAt: NOW, updatedAt: NOW });
    });

    it('passing verification closes it: closedAt, and one more closure', () => {
      const t = decide(caseAt('grid', { status: 'resolved', closureCount: 1 }), { type: 'verify', passed: true }, street(), NOW);
      expect(t.record).toEqual({ closedAt: NOW, closureCount: 2, updatedAt: NOW });
    });

    it('cancelling stamps closedAt but counts no closure', () => {
      const t = decide(caseAt('grid'), { type: 'cancel' }, street(), NOW);
      expect(t.record).toEqual({ closedAt: NOW, updatedAt: NOW });
    });

    it('failing verification sends it back: closedAt cleared, resolvedAt kept', () => {
      const t = decide(caseAt('grid', { status: 'resolved' }), { type: 'verify', passed: false }, street(), NOW);
      expect(t.record).toEqual({ closedAt: null, updatedAt: NOW });
    });

    it('a reopened case is no longer closed', () => {
      const t = decide(caseAt('grid', { status: 'closed', closureCount: 1 }), { type: 'reopen' }, resident, NOW);
      expect(t.record).toEqual({ closedAt: null, updatedAt: NOW });
    });

    it('claiming only touches updatedAt', () => {
      expect(decide(caseAt('grid'), { type: 'claim' }, holder, NOW).record).toEqual({ updatedAt: NOW });
    });
  });

  describe('the tasks', () => {
    const onDepartments = (tasks = [lead('chengguan'), assist('lvhua')]) => caseAt('department', { tasks });

    it('reporting in records who and when', () => {
      const t = decide(onDepartments(), { type: 'claimTask', taskId: 'task-chengguan' }, liaison('chengguan'), NOW);
      expect(t.tasks).toEqual([
        { task: { id: 'task-chengguan' }, status: 'claimed', recalled: false, claimedBy: 'liaison-chengguan', claimedAt: NOW, updatedAt: NOW },
      ]);
    });

    it('completing stamps doneAt and keeps the note and photos on that task', () => {
      const s = onDepartments([lead('chengguan', 'claimed'), assist('lvhua', 'claimed')]);
      const t = decide(s, { type: 'completeTask', taskId: 'task-chengguan', note: 'fixed', photos: ['p1'] }, liaison('chengguan'), NOW);
      expect(t.tasks).toEqual([
        { task: { id: 'task-chengguan' }, status: 'done', recalled: false, doneAt: NOW, note: 'fixed', photos: ['p1'], updatedAt: NOW },
      ]);
    });

    it('returning stamps returnedAt and keeps the reason', () => {
      const t = decide(onDepartments(), { type: 'returnTask', taskId: 'task-lvhua', note: 'not ours' }, liaison('lvhua'), NOW);
      expect(t.tasks).toEqual([
        { task: { id: 'task-lvhua' }, status: 'returned', recalled: false, returnedAt: NOW, note: 'not ours', updatedAt: NOW, sentBack: true },
      ]);
    });

    it('a recall is not a return by the department: no sentBack', () => {
      const t = decide(
        onDepartments(),
        { type: 'dispatch', rung: 'department', assignments: [{ departmentCode: 'chengguan', role: 'lead' }] },
        street(),
        NOW,
      );
      expect(t.tasks.filter((p) => p.sentBack)).toEqual([]);
    });

    it('an approved extension marks the task extended; a declined one does not', () => {
      const approved = decide(onDepartments(), { type: 'decideExtension', taskId: 'task-lvhua', approved: true, duration: 'P1D' }, street(), NOW);
      expect(approved.tasks).toEqual([{ task: { id: 'task-lvhua' }, extended: true }]);
      const declined = decide(onDepartments(), { type: 'decideExtension', taskId: 'task-lvhua', approved: false }, street(), NOW);
      expect(declined.tasks).toEqual([]);
    });

    it('rework reopens the done tasks: doneAt cleared, the claimer kept', () => {
      const s = caseAt('department', { status: 'resolved', tasks: [lead('chengguan', 'done'), assist('lvhua', 'returned')] });
      const t = decide(s, { type: 'verify', passed: false }, street(), NOW);
      expect(t.tasks).toEqual([{ task: { id: 'task-chengguan' }, status: 'claimed', recalled: false, doneAt: null, updatedAt: NOW, reworked: true }]);
    });

    it('a re-dispatch recalls every task; the live ones are returned, the done ones keep their finish time', () => {
      const s = onDepartments([lead('chengguan', 'claimed'), assist('lvhua', 'done')]);
      const t = decide(s, { type: 'dispatch', rung: 'street' }, street(), NOW);
      expect(t.tasks).toEqual([
        { task: { id: 'task-chengguan' }, status: 'returned', recalled: true, returnedAt: NOW, updatedAt: NOW },
        { task: { id: 'task-lvhua' }, status: 'done', recalled: true, updatedAt: NOW },
      ]);
    });
  });

  describe('the timeline and the events', () => {
    it('a case command: its entry with the note and data, then the tasks it created; events tasks first', () => {
      const s = caseAt('street', { status: 'in_progress' });
      const t = decide(
        s,
        { type: 'escalate', whistleTo: [{ departmentCode: 'shuiwu', role: 'lead' }], note: 'too big' },
        person('street', HERE.street),
        NOW,
      );
      expect(t.timeline).toEqual([
        { type: 'whistled', note: 'too big', data: null },
        { type: 'task.created', task: { created: 0 }, note: null },
      ]);
      expect(t.events).toEqual([
        { name: 'task.updated', task: { created: 0 }, change: 'created' },
        { name: 'case.updated', change: 'whistled' },
      ]);
    });

    it('a task command: the task’s entry (with the note) before the case’s consequence', () => {
      const s = caseAt('department', { status: 'in_progress', tasks: [lead('chengguan', 'claimed')] });
      const t = decide(s, { type: 'completeTask', taskId: 'task-chengguan', note: 'fixed' }, liaison('chengguan'), NOW);
      expect(t.timeline.map((e) => [e.type, e.note])).toEqual([
        ['task.completed', 'fixed'],
        ['resolved', 'fixed'],
      ]);
    });
  });

  it('decides nothing it is not asked: a refused command throws before any record', () => {
    expect(() => decide(caseAt('grid'), { type: 'resolve' }, street(), NOW)).toThrow(DomainError);
  });
});
