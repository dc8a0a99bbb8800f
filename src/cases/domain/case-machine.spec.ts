import { Actor, CaseState, Command, decide, open, Transition } from './case-machine';
import { CaseStatus, LADDER, LadderRung, RUNGS } from './case-types';
import {
  CAST,
  CG,
  FG,
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
  escalate,
  everyoneBut,
  inspector,
  lead,
  liaison,
  newTaskClocks,
  outcome,
  reopen,
  resident,
  resolve,
  returnTask,
  startRung,
  startVerify,
  stopRung,
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
