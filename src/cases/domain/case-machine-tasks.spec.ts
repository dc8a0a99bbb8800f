import { CaseState, ClockOp, Command, TaskState, Transition } from './case-machine';
import { TaskStatus } from './case-types';
import {
  CAST,
  CG,
  FG,
  HERE,
  LH,
  type Who,
  act,
  admin,
  assist,
  caseAt,
  claimTask,
  completeTask,
  createdTasks,
  decideExtension,
  escalate,
  everyoneBut,
  existing,
  lead,
  liaison,
  outcome,
  requestExtension,
  returnTask,
  startRung,
  startVerify,
  stopClaim,
  stopHandle,
  street,
  summons,
} from './case-machine.cast';

describe('case machine', () => {
  describe('department tasks', () => {
    const TASK_OUTSIDERS = everyoneBut('the 城管 liaison', 'an admin');
    const unknownTask = (type: 'claimTask' | 'completeTask' | 'returnTask' | 'requestExtension'): Command => ({ type, taskId: 'task-nobody' });

    describe('claim (报到)', () => {
      it('the department’s liaison reports in: task claimed, claim clock stopped, the case in progress', () => {
        const t = act(caseAt('department'), claimTask(CG), liaison(CG));
        expect(t.state).toEqual(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH)] }));
        expect(t.change).toBe('claimed');
        expect(t.taskChanges).toEqual([{ task: existing(CG), change: 'claimed' }]);
        expect(t.clocks).toEqual([stopClaim(CG)]);
      });

      it('a later department reporting in leaves the case as it is', () => {
        const t = act(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH)] }), claimTask(LH), liaison(LH));
        expect(t.state).toEqual(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH, 'claimed')] }));
        expect(t.change).toBeNull();
        expect(t.taskChanges).toEqual([{ task: existing(LH), change: 'claimed' }]);
      });

      it('an admin may report in for the department', () => {
        expect(outcome(caseAt('department'), claimTask(CG), admin)).toBe('allowed');
      });

      it.each(TASK_OUTSIDERS)('%s may not report in for 城管 (403)', (who) => {
        expect(outcome(caseAt('department'), claimTask(CG), CAST[who])).toBe('forbidden');
      });

      it('the liaison of one department may not claim another department’s task (403)', () => {
        expect(outcome(caseAt('department'), claimTask(LH), liaison(CG))).toBe('forbidden');
      });

      it.each<[string, TaskState]>([
        ['already claimed (the second claimer loses)', lead(CG, 'claimed')],
        ['done', lead(CG, 'done')],
        ['returned', lead(CG, 'returned')],
        ['recalled', lead(CG, 'returned', true)],
      ])('claiming a task that is %s is a conflict (409)', (_, task) => {
        expect(outcome(caseAt('department', { status: 'in_progress', tasks: [task, assist(LH)] }), claimTask(CG), liaison(CG))).toBe('conflict');
      });

      it('an unknown task is not found', () => {
        expect(outcome(caseAt('department'), unknownTask('claimTask'), liaison(CG))).toBe('not_found');
      });
    });

    describe('complete', () => {
      it('completing a task not yet claimed is a conflict (409: report in first)', () => {
        expect(outcome(caseAt('department'), completeTask(CG), liaison(CG))).toBe('conflict');
      });

      it('a task done while others are still working leaves the case as it is', () => {
        const t = act(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH)] }), completeTask(CG), liaison(CG));
        expect(t.state).toEqual(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'done'), assist(LH)] }));
        expect(t.change).toBeNull();
        expect(t.taskChanges).toEqual([{ task: existing(CG), change: 'completed' }]);
        expect(t.clocks).toEqual([stopHandle(CG)]);
      });

      it.each<[string, TaskState]>([
        ['the others are done', assist(LH, 'done')],
        ['the others were returned', assist(LH, 'returned')],
        ['the others were recalled by an earlier dispatch', assist(LH, 'returned', true)],
      ])('the last task done resolves the case when %s: verify clock started', (_, other) => {
        const t = act(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), other] }), completeTask(CG), liaison(CG));
        expect(t.state).toEqual(caseAt('department', { status: 'resolved', tasks: [lead(CG, 'done'), other] }));
        expect(t.change).toBe('resolved');
        expect(t.taskChanges).toEqual([{ task: existing(CG), change: 'completed' }]);
        expect(t.clocks).toEqual([stopHandle(CG), startVerify]);
      });

      it.each(TASK_OUTSIDERS)('%s may not complete 城管’s task (403)', (who) => {
        expect(outcome(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed')] }), completeTask(CG), CAST[who])).toBe('forbidden');
      });

      it.each<[string, TaskState]>([
        ['done', lead(CG, 'done')],
        ['returned', lead(CG, 'returned')],
        ['recalled', lead(CG, 'returned', true)],
      ])('completing a task that is %s is a conflict (409)', (_, task) => {
        expect(outcome(caseAt('department', { status: 'in_progress', tasks: [task, assist(LH, 'claimed')] }), completeTask(CG), liaison(CG))).toBe(
          'conflict',
        );
      });

      it('an unknown task is not found', () => {
        expect(outcome(caseAt('department'), unknownTask('completeTask'), liaison(CG))).toBe('not_found');
      });
    });

    describe('return (退单)', () => {
      it.each<[TaskStatus, ClockOp[]]>([
        ['pending', [stopClaim(CG), stopHandle(CG)]],
        ['claimed', [stopHandle(CG)]],
      ])('a %s task handed back while another department works on: returned, its clocks stopped, the case as it is', (status, clocks) => {
        const t = act(caseAt('department', { status: 'in_progress', tasks: [lead(CG, status), assist(LH, 'claimed')] }), returnTask(CG), liaison(CG));
        expect(t.state).toEqual(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'returned'), assist(LH, 'claimed')] }));
        expect(t.change).toBeNull();
        expect(t.taskChanges).toEqual([{ task: existing(CG), change: 'returned' }]);
        expect(t.clocks).toEqual(clocks);
      });

      it.each([HERE.street, HERE.area])(
        'the last live task handed back with nothing done: back to the street (whistled by %s)',
        (holderRegionCode) => {
          const before = caseAt('department', {
            status: 'in_progress',
            holderRegionCode,
            escalationCount: 4,
            tasks: [lead(CG, 'claimed'), assist(LH, 'returned')],
          });
          const t = act(before, returnTask(CG), liaison(CG));
          expect(t.state).toEqual(caseAt('street', { escalationCount: 4, tasks: [lead(CG, 'returned', true), assist(LH, 'returned', true)] }));
          expect(t.change).toBe('dispatched');
          expect(t.taskChanges).toEqual([{ task: existing(CG), change: 'returned' }]);
          expect(t.clocks).toEqual([stopHandle(CG), startRung('street')]);
        },
      );

      it('the last live task handed back after the others finished: the case is resolved', () => {
        const t = act(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'done'), assist(LH)] }), returnTask(LH), liaison(LH));
        expect(t.state).toEqual(caseAt('department', { status: 'resolved', tasks: [lead(CG, 'done'), assist(LH, 'returned')] }));
        expect(t.change).toBe('resolved');
        expect(t.clocks).toEqual([stopClaim(LH), stopHandle(LH), startVerify]);
      });

      it('a case handed back to the street can be whistled again', () => {
        const back = act(caseAt('department', { tasks: [lead(CG)] }), returnTask(CG), liaison(CG)).state;
        const t = act(back, escalate(...summons(FG)), street());
        expect(t.state).toMatchObject({ rung: 'department', holderRegionCode: HERE.street, escalationCount: 1 });
        expect(t.state.tasks).toEqual([lead(CG, 'returned', true)]);
        expect(t.created).toEqual(summons(FG));
        expect(t.taskChanges).toEqual(createdTasks(1));
      });

      it.each(TASK_OUTSIDERS)('%s may not hand back 城管’s task (403)', (who) => {
        expect(outcome(caseAt('department'), returnTask(CG), CAST[who])).toBe('forbidden');
      });

      it.each<[string, TaskState]>([
        ['done', lead(CG, 'done')],
        ['returned', lead(CG, 'returned')],
        ['recalled', lead(CG, 'returned', true)],
      ])('handing back a task that is %s is a conflict (409)', (_, task) => {
        expect(outcome(caseAt('department', { status: 'in_progress', tasks: [task, assist(LH)] }), returnTask(CG), liaison(CG))).toBe('conflict');
      });

      it('an unknown task is not found', () => {
        expect(outcome(caseAt('department'), unknownTask('returnTask'), liaison(CG))).toBe('not_found');
      });
    });

    describe('extension (延期)', () => {
      const working = () => caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'claimed'), assist(LH)] });
      const unchanged = (t: Transition, before: CaseState) => {
        expect(t.state).toEqual(before);
        expect(t.change).toBeNull();
        expect(t.created).toEqual([]);
        expect(t.clocks).toEqual([]);
      };

      it.each<string>([CG, LH])('the liaison of a live task (%s) asks for more time: nothing changes yet', (dept) => {
        const t = act(working(), requestExtension(dept), liaison(dept));
        unchanged(t, working());
        expect(t.taskChanges).toEqual([]);
      });

      it.each(TASK_OUTSIDERS)('%s may not ask for more time on 城管’s task (403)', (who) => {
        expect(outcome(working(), requestExtension(CG), CAST[who])).toBe('forbidden');
      });

      it.each<[string, TaskState]>([
        ['done', lead(CG, 'done')],
        ['returned', lead(CG, 'returned')],
        ['recalled', lead(CG, 'returned', true)],
      ])('asking for more time on a task that is %s is a conflict (409)', (_, task) => {
        expect(outcome(caseAt('department', { status: 'in_progress', tasks: [task, assist(LH)] }), requestExtension(CG), liaison(CG))).toBe(
          'conflict',
        );
      });

      it.each<Who>(['the street', 'an admin'])('%s approves: the task is extended (the deadline moves elsewhere)', (who) => {
        const t = act(working(), decideExtension(CG, true), CAST[who]);
        unchanged(t, working());
        expect(t.taskChanges).toEqual([{ task: existing(CG), change: 'extended' }]);
      });

      it('the street refuses: nothing changes', () => {
        const t = act(working(), decideExtension(CG, false), street());
        unchanged(t, working());
        expect(t.taskChanges).toEqual([]);
      });

      it.each(everyoneBut('the street', 'an admin'))('%s may not decide an extension (403)', (who) => {
        expect(outcome(working(), decideExtension(CG, true), CAST[who])).toBe('forbidden');
      });

      it('deciding on a task no longer live is a conflict (409)', () => {
        expect(
          outcome(caseAt('department', { status: 'in_progress', tasks: [lead(CG, 'done'), assist(LH)] }), decideExtension(CG, true), street()),
        ).toBe('conflict');
      });

      it('an unknown task is not found', () => {
        expect(outcome(working(), unknownTask('requestExtension'), liaison(CG))).toBe('not_found');
      });
    });
  });
});
