import { Actor, CaseState, Command, decide, open, Transition } from './case-machine';
import { CaseStatus, LADDER, LadderRung, RUNGS } from './case-types';
import {
  CAST,
  CG,
  FG,
  FINISHED,
  HERE,
  HOLDER,
  JJ,
  LH,
  NOT_WORKING,
  NOW,
  SW,
  WORKING,
  type Who,
  act,
  admin,
  area,
  assist,
  atEveryRung,
  cancel,
  caseAt,
  claim,
  claimTask,
  completeTask,
  createdTasks,
  deepFreeze,
  dispatchTo,
  dispatchToDepartments,
  escalate,
  everyoneBut,
  existing,
  inspector,
  lead,
  liaison,
  newTaskClocks,
  outcome,
  reopen,
  resident,
  resolve,
  returnTask,
  startHandle,
  startRung,
  startVerify,
  stopClaim,
  stopHandle,
  stopRung,
  stopVerify,
  street,
  summons,
  sweeper,
  verify,
  whistle,
} from './case-machine.cast';

describe('case machine', () => {
  describe('open (一口受理)', () => {
    it.each(LADDER)('a case entering at the %s rung waits for that rung’s holder, its rung clock running', (rung) => {
      const t = open(deepFreeze({ ...HERE }), { rung, assignments: [] });
      expect(t.state).toEqual({
        status: 'pending',
        rung,
        holderRegionCode: HERE[rung],
        regions: HERE,
        reworkCount: 0,
        escalationCount: 0,
        reopened: false,
        tasks: [],
      });
      expect(t.clocks).toEqual([startRung(rung)]);
      expect(t.created).toEqual([]);
      expect(t.taskChanges).toEqual([]);
      expect(t.change).toBeNull();
    });

    it('a case entering on departments is held by the street with a task for the lead and each assistant', () => {
      const t = open(deepFreeze({ ...HERE }), { rung: 'department', assignments: summons(SW, CG) });
      expect(t.state).toMatchObject({ status: 'pending', rung: 'department', holderRegionCode: HERE.street, tasks: [] });
      expect(t.created).toEqual(summons(SW, CG));
      expect(t.taskChanges).toEqual(createdTasks(2));
      expect(t.clocks).toEqual(newTaskClocks(2));
    });

    it.each(RUNGS)('a case resolved on site (自处置) entering at %s is closed at once: no tasks, no clocks', (rung) => {
      const t = open(HERE, { rung, assignments: rung === 'department' ? summons(CG) : [] }, { resolvedOnSite: true });
      expect(t.state.status).toBe('closed');
      expect(t.created).toEqual([]);
      expect(t.taskChanges).toEqual([]);
      expect(t.clocks).toEqual([]);
    });

    it('does not share the regions object it was given', () => {
      const regions = { ...HERE };
      const t = open(regions, { rung: 'grid', assignments: [] });
      expect(t.state.regions).toEqual(regions);
      expect(t.state.regions).not.toBe(regions);
    });
  });

  describe('claim and resolve on the ladder', () => {
    describe.each(LADDER)('at the %s rung', (rung) => {
      const holder = CAST[HOLDER[rung]];

      it('the holder claims a pending case: in progress, clocks untouched', () => {
        const t = act(caseAt(rung), claim, holder);
        expect(t.state).toEqual(caseAt(rung, { status: 'in_progress' }));
        expect(t.change).toBe('claimed');
        expect(t.clocks).toEqual([]);
        expect(t.created).toEqual([]);
        expect(t.taskChanges).toEqual([]);
      });

      it.each(WORKING)('the holder resolves a %s case: rung clock stopped, verify clock started', (status) => {
        const t = act(caseAt(rung, { status }), resolve, holder);
        expect(t.state).toEqual(caseAt(rung, { status: 'resolved' }));
        expect(t.change).toBe('resolved');
        expect(t.clocks).toEqual([stopRung, startVerify]);
      });

      it('an admin may claim and resolve in the holder’s place', () => {
        expect(outcome(caseAt(rung), claim, admin)).toBe('allowed');
        expect(outcome(caseAt(rung, { status: 'in_progress' }), resolve, admin)).toBe('allowed');
      });

      it.each(everyoneBut(HOLDER[rung], 'an admin'))('%s may neither claim nor resolve it (403)', (who) => {
        expect(outcome(caseAt(rung), claim, CAST[who])).toBe('forbidden');
        expect(outcome(caseAt(rung, { status: 'in_progress' }), resolve, CAST[who])).toBe('forbidden');
      });

      it.each<CaseStatus>(['in_progress', ...NOT_WORKING])('claiming a %s case is a conflict (409)', (status) => {
        expect(outcome(caseAt(rung, { status }), claim, holder)).toBe('conflict');
      });

      it.each(NOT_WORKING)('resolving a %s case is a conflict (409)', (status) => {
        expect(outcome(caseAt(rung, { status }), resolve, holder)).toBe('conflict');
      });
    });

    it.each<Who>(['the street', 'an admin', 'the 城管 liaison'])(
      'a case on departments cannot be claimed or resolved as a whole, even by %s (409: its tasks are)',
      (who) => {
        expect(outcome(caseAt('department'), claim, CAST[who])).toBe('conflict');
        expect(outcome(caseAt('department', { status: 'in_progress' }), resolve, CAST[who])).toBe('conflict');
      },
    );
  });

  describe('escalate (举手)', () => {
    const CLIMB: [LadderRung, LadderRung][] = [
      ['grid', 'neighbourhood'],
      ['neighbourhood', 'area'],
      ['area', 'street'],
    ];

    describe.each(CLIMB)('from %s to %s', (from, to) => {
      const climbed = (t: Transition) => {
        expect(t.state).toEqual(caseAt(from, { rung: to, holderRegionCode: HERE[to], status: 'pending', escalationCount: 2 }));
        expect(t.change).toBe('escalated');
        expect(t.clocks).toEqual([stopRung, startRung(to)]);
        expect(t.created).toEqual([]);
        expect(t.taskChanges).toEqual([]);
      };

      it.each(WORKING)('the holder raises a hand on a %s case: held one level up, pending, rung clock restarted', (status) => {
        climbed(act(caseAt(from, { status, escalationCount: 1 }), escalate(...summons(CG)), CAST[HOLDER[from]]));
      });

      it.each<Who>(['the SLA sweeper', 'an admin'])('%s climbs it the same way', (who) => {
        climbed(act(caseAt(from, { status: 'in_progress', escalationCount: 1 }), escalate(...summons(CG)), CAST[who]));
      });

      it.each(everyoneBut(HOLDER[from], 'an admin', 'the SLA sweeper'))('%s may not raise a hand for it (403)', (who) => {
        expect(outcome(caseAt(from), escalate(...summons(CG)), CAST[who])).toBe('forbidden');
      });
    });

    describe('from the street', () => {
      const whistled = (t: Transition) => {
        expect(t.state).toEqual(caseAt('department', { escalationCount: 4, tasks: [] }));
        expect(t.change).toBe('whistled');
        expect(t.created).toEqual(summons(CG, LH));
        expect(t.taskChanges).toEqual(createdTasks(2));
        expect(t.clocks).toEqual([stopRung, ...newTaskClocks(2)]);
      };

      it.each(WORKING)('the street raising a hand on a %s case whistles the category’s departments', (status) => {
        whistled(act(caseAt('street', { status, escalationCount: 3 }), escalate(...summons(CG, LH)), street()));
      });

      it.each<Who>(['the SLA sweeper', 'an admin'])('%s whistles them the same way when the street’s time runs out', (who) => {
        whistled(act(caseAt('street', { escalationCount: 3 }), escalate(...summons(CG, LH)), CAST[who]));
      });

      it('is a conflict (409) when the category names no department', () => {
        expect(outcome(caseAt('street'), escalate(), street())).toBe('conflict');
        expect(outcome(caseAt('street'), escalate(), sweeper)).toBe('conflict');
      });

      it.each(everyoneBut('the street', 'an admin', 'the SLA sweeper'))('%s may not raise a hand for it (403)', (who) => {
        expect(outcome(caseAt('street'), escalate(...summons(CG)), CAST[who])).toBe('forbidden');
      });
    });

    it.each(atEveryRung(NOT_WORKING))('raising a hand at %s on a %s case is a conflict (409), even for the sweeper', (rung, status) => {
      expect(outcome(caseAt(rung, { status }), escalate(...summons(CG)), CAST[HOLDER[rung]])).toBe('conflict');
      expect(outcome(caseAt(rung, { status }), escalate(...summons(CG)), sweeper)).toBe('conflict');
    });

    it.each<[Who, CaseStatus]>([
      ['the SLA sweeper', 'pending'],
      ['the SLA sweeper', 'in_progress'],
      ['an admin', 'pending'],
      ['an admin', 'in_progress'],
    ])('a case already on departments cannot climb further: %s on a %s case gets 409', (who, status) => {
      expect(outcome(caseAt('department', { status }), escalate(...summons(CG)), CAST[who])).toBe('conflict');
    });

    // The actor check comes first, and on departments nobody "holds" the case in the ladder sense, so the
    // street (which whistled and nominally holds it) gets 403, not 409 — test/lifecycle.e2e-spec.ts pins this.
    it.each(everyoneBut('an admin', 'the SLA sweeper'))('%s raising a hand on a case on departments is refused (403)', (who) => {
      expect(outcome(caseAt('department', { status: 'in_progress' }), escalate(...summons(CG)), CAST[who])).toBe('forbidden');
    });
  });

  describe('whistle (吹哨)', () => {
    describe.each(LADDER)('at the %s rung', (rung) => {
      it.each(WORKING)('the street whistles on a %s case: tasks for the named departments, held by the street', (status) => {
        const t = act(caseAt(rung, { status, escalationCount: 1 }), whistle(...summons(FG, CG)), street());
        expect(t.state).toEqual(caseAt('department', { escalationCount: 1, tasks: [] }));
        expect(t.change).toBe('whistled');
        expect(t.created).toEqual(summons(FG, CG));
        expect(t.taskChanges).toEqual(createdTasks(2));
        expect(t.clocks).toEqual([stopRung, ...newTaskClocks(2)]);
      });

      it('an admin whistles for the street', () => {
        expect(act(caseAt(rung), whistle(...summons(FG)), admin).state).toMatchObject({ rung: 'department', holderRegionCode: HERE.street });
      });

      it.each(NOT_WORKING)('whistling on a %s case is a conflict (409)', (status) => {
        expect(outcome(caseAt(rung, { status }), whistle(...summons(FG)), street())).toBe('conflict');
      });
    });

    it.each<[LadderRung, CaseStatus]>([
      ['grid', 'pending'],
      ['neighbourhood', 'pending'],
      ['area', 'pending'],
      ['area', 'in_progress'],
    ])('the case’s area whistles at the %s rung (%s): the area holds the departments’ work', (rung, status) => {
      const t = act(caseAt(rung, { status }), whistle(...summons(FG, CG)), area());
      expect(t.state).toMatchObject({ rung: 'department', holderRegionCode: HERE.area, status: 'pending' });
      expect(t.change).toBe('whistled');
      expect(t.created).toEqual(summons(FG, CG));
      expect(t.clocks).toEqual([stopRung, ...newTaskClocks(2)]);
    });

    it('the area may not whistle once the case has climbed to the street (403)', () => {
      expect(outcome(caseAt('street'), whistle(...summons(FG)), area())).toBe('forbidden');
    });

    it.each(LADDER.flatMap((rung) => everyoneBut('the street', 'an admin', 'the area').map((who): [Who, LadderRung] => [who, rung])))(
      '%s may not whistle at the %s rung (403)',
      (who, rung) => {
        expect(outcome(caseAt(rung), whistle(...summons(FG)), CAST[who])).toBe('forbidden');
      },
    );

    describe('on a case already on departments', () => {
      const onDepartments = () =>
        caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH), assist(FG, 'returned'), assist(SW, 'done')] });

      it('summons only departments not already working on it, all as assistants; nothing else moves', () => {
        const before = onDepartments();
        const t = act(before, whistle(...summons(JJ, CG, FG, LH, SW)), street());
        expect(t.created).toEqual([
          { departmentCode: JJ, role: 'assist' },
          { departmentCode: FG, role: 'assist' },
          { departmentCode: SW, role: 'assist' },
        ]);
        expect(t.taskChanges).toEqual(createdTasks(3));
        expect(t.clocks).toEqual(newTaskClocks(3));
        expect(t.change).toBe('whistled');
        expect(t.state).toEqual(onDepartments());
      });

      it('is a conflict (409) when every department named is already working on it', () => {
        expect(outcome(onDepartments(), whistle(...summons(LH, CG)), street())).toBe('conflict');
      });

      it.each<CaseStatus>(NOT_WORKING)('is a conflict (409) on a %s case', (status) => {
        expect(outcome(caseAt('department', { status, tasks: [lead(CG, 'done')] }), whistle(...summons(JJ)), street())).toBe('conflict');
      });

      it.each(everyoneBut('the street', 'an admin'))('%s may not whistle more departments in (403)', (who) => {
        expect(outcome(onDepartments(), whistle(...summons(JJ)), CAST[who])).toBe('forbidden');
      });
    });
  });

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

  describe('purity', () => {
    const SAMPLES: [string, CaseState, Command, Actor][] = [
      ['claim', caseAt('grid'), claim, inspector()],
      ['resolve', caseAt('area', { status: 'in_progress' }), resolve, area()],
      ['escalate', caseAt('grid'), escalate(...summons(CG)), sweeper],
      ['escalate from the street', caseAt('street'), escalate(...summons(CG, LH)), sweeper],
      ['whistle more departments', caseAt('department'), whistle(...summons(JJ)), street()],
      ['dispatch off departments', caseAt('department', { tasks: [lead(CG, 'claimed'), assist(LH, 'done')] }), dispatchTo('grid'), street()],
      ['cancel', caseAt('department'), cancel, street()],
      ['failed check', caseAt('department', { status: 'resolved', tasks: [lead(CG, 'done')] }), verify(false), inspector()],
      ['reopen', caseAt('grid', { status: 'closed' }), reopen, resident],
      ['claim a task', caseAt('department'), claimTask(CG), liaison(CG)],
      ['complete a task', caseAt('department', { tasks: [lead(CG, 'claimed')] }), completeTask(CG), liaison(CG)],
      ['return the last task', caseAt('department', { tasks: [lead(CG, 'claimed')] }), returnTask(CG), liaison(CG)],
    ];

    it.each(SAMPLES)('%s leaves the input case untouched and shares none of its objects', (_, s, cmd, actor) => {
      const copy = structuredClone(s);
      const t = decide(s, cmd, actor, NOW);
      expect(s).toEqual(copy);
      expect(t.state).not.toBe(s);
      expect(t.state.regions).not.toBe(s.regions);
      expect(t.state.tasks).not.toBe(s.tasks);
      t.state.tasks.forEach((task, i) => expect(task).not.toBe(s.tasks[i]));
    });
  });
});
