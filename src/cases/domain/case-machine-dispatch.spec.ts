import {} from './case-machine';
import { CaseStatus, LADDER, LadderRung } from './case-types';
import {
  CAST,
  CG,
  FG,
  FINISHED,
  HERE,
  JJ,
  LH,
  NOT_WORKING,
  SW,
  WORKING,
  type Who,
  act,
  admin,
  assist,
  atEveryRung,
  cancel,
  caseAt,
  createdTasks,
  dispatchTo,
  dispatchToDepartments,
  everyoneBut,
  existing,
  inspector,
  lead,
  newTaskClocks,
  outcome,
  reopen,
  resident,
  startHandle,
  startRung,
  stopClaim,
  stopHandle,
  stopRung,
  stopVerify,
  street,
  summons,
  verify,
} from './case-machine.cast';

describe('case machine', () => {
  describe('dispatch (一表派单)', () => {
    const ALL_PAIRS = LADDER.flatMap((from) => LADDER.map((to): [LadderRung, LadderRung] => [from, to]));

    it.each(ALL_PAIRS)('the street moves a case from %s to %s: held there, pending, rung clock restarted', (from, to) => {
      const t = act(caseAt(from, { status: 'in_progress', escalationCount: 2 }), dispatchTo(to), street());
      expect(t.state).toEqual(caseAt(to, { escalationCount: 2 }));
      expect(t.change).toBe('dispatched');
      expect(t.clocks).toEqual([stopRung, startRung(to)]);
      expect(t.created).toEqual([]);
      expect(t.taskChanges).toEqual([]);
    });

    const midWork = () =>
      caseAt('department', { status: 'in_progress', tasks: [lead(CG), assist(LH, 'claimed'), assist(FG, 'done'), assist(SW, 'returned')] });
    /** Every task off the case; those still running returned, their clocks stopped. */
    const recalled = [lead(CG, 'returned', true), assist(LH, 'returned', true), assist(FG, 'done', true), assist(SW, 'returned', true)];
    const recallClocks = [stopClaim(CG), stopHandle(CG), stopHandle(LH)];
    const recallChanges = [
      { task: existing(CG), change: 'returned' },
      { task: existing(LH), change: 'returned' },
    ];

    it.each(LADDER)('the street takes a case off departments down to the %s rung, recalling their tasks', (to) => {
      const t = act(midWork(), dispatchTo(to), street());
      expect(t.state).toEqual(caseAt(to, { tasks: recalled }));
      expect(t.change).toBe('dispatched');
      expect(t.taskChanges).toEqual(recallChanges);
      expect(t.clocks).toEqual([...recallClocks, startRung(to)]);
    });

    it.each(LADDER)('the street puts a case at %s on departments: tasks for those named, held by the street', (from) => {
      const t = act(caseAt(from), dispatchToDepartments(...summons(FG, CG)), street());
      expect(t.state).toEqual(caseAt('department', { tasks: [] }));
      expect(t.change).toBe('dispatched');
      expect(t.created).toEqual(summons(FG, CG));
      expect(t.taskChanges).toEqual(createdTasks(2));
      expect(t.clocks).toEqual([stopRung, ...newTaskClocks(2)]);
    });

    it('the street re-dispatches a case on departments to other departments: old tasks recalled, new ones created', () => {
      const t = act(midWork(), dispatchToDepartments(...summons(JJ)), street());
      expect(t.state).toEqual(caseAt('department', { tasks: recalled }));
      expect(t.created).toEqual(summons(JJ));
      expect(t.taskChanges).toEqual([...recallChanges, ...createdTasks(1)]);
      expect(t.clocks).toEqual([...recallClocks, ...newTaskClocks(1)]);
    });

    it('takes an area’s whistle back to the street when the street re-dispatches to departments', () => {
      const t = act(caseAt('department', { holderRegionCode: HERE.area }), dispatchToDepartments(...summons(JJ)), street());
      expect(t.state.holderRegionCode).toBe(HERE.street);
    });

    it('an admin dispatches for the street', () => {
      expect(outcome(caseAt('grid'), dispatchTo('area'), admin)).toBe('allowed');
      expect(outcome(midWork(), dispatchToDepartments(...summons(JJ)), admin)).toBe('allowed');
    });

    it.each(everyoneBut('the street', 'an admin'))('%s may not dispatch (403)', (who) => {
      expect(outcome(caseAt('grid'), dispatchTo('street'), CAST[who])).toBe('forbidden');
      expect(outcome(midWork(), dispatchToDepartments(...summons(JJ)), CAST[who])).toBe('forbidden');
    });

    it.each(NOT_WORKING)('dispatching a %s case is a conflict (409)', (status) => {
      expect(outcome(caseAt('grid', { status }), dispatchTo('area'), street())).toBe('conflict');
      expect(outcome(caseAt('street', { status }), dispatchToDepartments(...summons(CG)), street())).toBe('conflict');
      expect(outcome(caseAt('department', { status, tasks: [lead(CG, 'done')] }), dispatchTo('grid'), street())).toBe('conflict');
    });
  });

  describe('cancel (invalid report)', () => {
    it.each(atEveryRung(WORKING))('the street cancels a case at %s that is %s: rung clock stopped', (rung, status) => {
      const t = act(caseAt(rung, { status }), cancel, street());
      expect(t.state).toEqual(caseAt(rung, { status: 'cancelled' }));
      expect(t.change).toBe('cancelled');
      expect(t.clocks).toEqual([stopRung]);
    });

    it.each(LADDER)('the street cancels a resolved case at %s: verify clock stopped', (rung) => {
      const t = act(caseAt(rung, { status: 'resolved' }), cancel, street());
      expect(t.state.status).toBe('cancelled');
      expect(t.clocks).toEqual([stopVerify]);
    });

    it('the street cancels a case on departments: running tasks returned and recalled, their clocks stopped', () => {
      const t = act(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH), assist(FG, 'done')] }), cancel, street());
      expect(t.state).toEqual(
        caseAt('department', { status: 'cancelled', tasks: [lead(CG, 'returned', true), assist(LH, 'returned', true), assist(FG, 'done', true)] }),
      );
      expect(t.taskChanges).toEqual([
        { task: existing(CG), change: 'returned' },
        { task: existing(LH), change: 'returned' },
      ]);
      expect(t.clocks).toEqual([stopHandle(CG), stopClaim(LH), stopHandle(LH)]);
    });

    it('the street cancels a resolved case on departments: its done tasks recalled, verify clock stopped', () => {
      const t = act(caseAt('department', { status: 'resolved', tasks: [lead(CG, 'done'), assist(LH, 'returned')] }), cancel, street());
      expect(t.state.tasks).toEqual([lead(CG, 'done', true), assist(LH, 'returned', true)]);
      expect(t.taskChanges).toEqual([]);
      expect(t.clocks).toEqual([stopVerify]);
    });

    it('an admin cancels for the street', () => {
      expect(outcome(caseAt('grid'), cancel, admin)).toBe('allowed');
    });

    it.each(everyoneBut('the street', 'an admin'))('%s may not cancel (403)', (who) => {
      expect(outcome(caseAt('grid'), cancel, CAST[who])).toBe('forbidden');
      expect(outcome(caseAt('department'), cancel, CAST[who])).toBe('forbidden');
    });

    it.each(FINISHED)('cancelling a %s case is a conflict (409)', (status) => {
      expect(outcome(caseAt('grid', { status }), cancel, street())).toBe('conflict');
    });
  });

  describe('verify (核查)', () => {
    const VERIFIERS: Who[] = ['the grid inspector', 'the street', 'an admin'];

    it.each(VERIFIERS)('%s passes the check: closed, verify clock stopped', (who) => {
      const t = act(caseAt('neighbourhood', { status: 'resolved' }), verify(true), CAST[who]);
      expect(t.state).toEqual(caseAt('neighbourhood', { status: 'closed' }));
      expect(t.change).toBe('verified');
      expect(t.clocks).toEqual([stopVerify]);
    });

    it.each(LADDER)('a failed check at %s sends it back to the same holder (返工), rung clock restarted', (rung) => {
      const t = act(caseAt(rung, { status: 'resolved', reworkCount: 1 }), verify(false), inspector());
      expect(t.state).toEqual(caseAt(rung, { status: 'in_progress', reworkCount: 2 }));
      expect(t.change).toBe('reworked');
      expect(t.clocks).toEqual([stopVerify, stopRung, startRung(rung)]);
    });

    it('a failed check on departments reopens their done tasks, handle clocks restarted; others are left alone', () => {
      const tasks = [lead(CG, 'done'), assist(LH, 'done'), assist(FG, 'returned'), assist(SW, 'done', true)];
      const t = act(caseAt('department', { status: 'resolved', tasks }), verify(false), street());
      expect(t.state).toEqual(
        caseAt('department', {
          status: 'in_progress',
          reworkCount: 1,
          tasks: [lead(CG, 'claimed'), assist(LH, 'claimed'), assist(FG, 'returned'), assist(SW, 'done', true)],
        }),
      );
      expect(t.change).toBe('reworked');
      expect(t.clocks).toEqual([stopVerify, startHandle(CG), startHandle(LH)]);
    });

    it.each(everyoneBut(...VERIFIERS))('%s may not verify (403)', (who) => {
      expect(outcome(caseAt('grid', { status: 'resolved' }), verify(true), CAST[who])).toBe('forbidden');
      expect(outcome(caseAt('department', { status: 'resolved', tasks: [lead(CG, 'done')] }), verify(false), CAST[who])).toBe('forbidden');
    });

    it.each<CaseStatus>([...WORKING, ...FINISHED])('verifying a %s case is a conflict (409)', (status) => {
      expect(outcome(caseAt('grid', { status }), verify(true), inspector())).toBe('conflict');
      expect(outcome(caseAt('grid', { status }), verify(false), street())).toBe('conflict');
    });
  });

  describe('reopen (an unsatisfied rating)', () => {
    it.each(LADDER)('a resident reopens a case closed at %s: back in progress at its holder, rung clock restarted', (rung) => {
      const t = act(caseAt(rung, { status: 'closed' }), reopen, resident);
      expect(t.state).toEqual(caseAt(rung, { status: 'in_progress', reworkCount: 1, reopened: true }));
      expect(t.change).toBe('reopened');
      expect(t.clocks).toEqual([stopRung, startRung(rung)]);
    });

    it('a resident reopens a case closed on departments: their done tasks are reopened', () => {
      const t = act(caseAt('department', { status: 'closed', tasks: [lead(CG, 'done'), assist(LH, 'returned')] }), reopen, resident);
      expect(t.state).toEqual(
        caseAt('department', { status: 'in_progress', reworkCount: 1, reopened: true, tasks: [lead(CG, 'claimed'), assist(LH, 'returned')] }),
      );
      expect(t.clocks).toEqual([startHandle(CG)]);
    });

    it('only once: a second unsatisfied rating is a conflict (409)', () => {
      expect(outcome(caseAt('grid', { status: 'closed', reopened: true, reworkCount: 1 }), reopen, resident)).toBe('conflict');
    });

    it.each<CaseStatus>(['pending', 'in_progress', 'resolved', 'cancelled', 'merged'])('reopening a %s case is a conflict (409)', (status) => {
      expect(outcome(caseAt('grid', { status }), reopen, resident)).toBe('conflict');
    });

    it('an admin may reopen on a resident’s behalf', () => {
      expect(outcome(caseAt('grid', { status: 'closed' }), reopen, admin)).toBe('allowed');
    });

    it.each(everyoneBut('a resident', 'an admin'))('%s may not reopen (403)', (who) => {
      expect(outcome(caseAt('grid', { status: 'closed' }), reopen, CAST[who])).toBe('forbidden');
    });
  });
});
