import type { Tx } from '../database/unit-of-work';
import { SYSTEM, type Acting } from './acting';
import type { Case } from './case.entity';
import { CaseExecutor, Clock, type NewCaseFields } from './case-executor';
import type { CaseStore, Commit, Loaded } from './case-store';
import type { CaseView } from './case-view';
import type { DueDeadline } from './domain/case-machine';
import type { Task } from './task.entity';

/** The executor with a clock held still and a store that only records what it was asked to write. */
class StillClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now() {
    return this.at;
  }
}

class RecordingStore {
  commits: Commit[][] = [];
  async commitMany(_tx: Tx, items: Commit[]): Promise<CaseView[]> {
    this.commits.push(items);
    return items.map((i) => ({ id: i.before.row.id }) as CaseView);
  }
}

const tx = { em: {}, publish: () => undefined } as unknown as Tx;
const PLACE = { districtCode: 'XH', streetCode: 'XH-CQ', areaCode: 'XH-CQ-A1', neighbourhoodCode: 'XH-CQ-A1-N01', gridCode: 'XH-CQ-A1-N01-G1' };
const row = (o: Partial<Case> = {}): Case =>
  ({
    id: 'case-1',
    code: 'XH-CQ-1',
    status: 'pending',
    rung: 'grid',
    holderRegionCode: PLACE.gridCode,
    reworkCount: 0,
    escalationCount: 0,
    reopened: false,
    closureCount: 0,
    categoryCode: '0603',
    ...PLACE,
    ...o,
  }) as Case;
const inspector: Acting = {
  actor: { kind: 'user', role: 'inspector', regionCode: PLACE.gridCode, departmentCode: null, id: 'u-1' },
  id: 'u-1',
  name: 'inspector',
  role: 'inspector',
};

function setup(at = new Date('2026-03-02T02:00:00Z')) {
  const store = new RecordingStore();
  const clock = new StillClock(at);
  return { store, clock, executor: new CaseExecutor(store as unknown as CaseStore, clock) };
}

describe('CaseExecutor', () => {
  it('decides at the clock’s time and hands the whole transition to the store in one commit', async () => {
    const { store, executor, clock } = setup();
    await executor.run(tx, { row: row(), tasks: [] }, { type: 'claim' }, inspector);
    expect(store.commits).toHaveLength(1);
    const [commit] = store.commits[0];
    expect(commit.now).toBe(clock.at);
    expect(commit.acting).toBe(inspector);
    expect(commit.transition.state.status).toBe('in_progress');
    expect(commit.transition.record).toEqual({ updatedAt: clock.at });
    expect(commit.transition.timeline).toEqual([{ type: 'claimed', note: null, data: null }]);
  });

  it('a refused command writes nothing', async () => {
    const { store, executor } = setup();
    await expect(executor.run(tx, { row: row({ status: 'closed' }), tasks: [] }, { type: 'claim' }, inspector)).rejects.toMatchObject({
      kind: 'conflict',
    });
    expect(store.commits).toEqual([]);
  });

  it('opens a case: the row carries what the machine decided, the master of a duplicate is written in the same commit', async () => {
    const { store, executor, clock } = setup();
    const master: Loaded = { row: row({ id: 'master', status: 'in_progress' }), tasks: [] };
    const fields = { ...PLACE, id: 'new-case', code: 'XH-CQ-20260302-000001', description: 'litter' } as NewCaseFields;
    await executor.openMany(
      tx,
      [
        {
          row: fields,
          command: { type: 'open', entry: { rung: 'grid', assignments: [] }, master: { id: 'master', code: 'XH-CQ-0' }, note: 'litter' },
          acting: SYSTEM,
        },
      ],
      [{ target: master, command: { type: 'absorb', duplicate: { id: 'new-case', code: 'XH-CQ-20260302-000001' } }, acting: SYSTEM }],
    );
    const [opened, absorbed] = store.commits[0];
    expect(opened).toMatchObject({ opened: true, now: clock.at });
    expect(opened.before.row).toMatchObject({ id: 'new-case', rung: 'grid', holderRegionCode: PLACE.gridCode, createdAt: clock.at, closureCount: 0 });
    expect(opened.transition.state).toMatchObject({ status: 'merged', rung: 'grid', holderRegionCode: PLACE.gridCode });
    expect(opened.transition.record).toMatchObject({ closedAt: clock.at });
    expect(absorbed.transition.timeline).toEqual([
      { type: 'merged', note: 'XH-CQ-20260302-000001 reported the same problem', data: { duplicate: 'new-case' } },
    ]);
  });

  describe('the SLA sweeper’s lapse, against the injected clock', () => {
    const deadline = (dueAt: Date): DueDeadline => ({ id: 'd-1', stage: 'rung', rung: 'grid', taskId: null, dueAt });
    const at = new Date('2026-03-02T02:00:00Z');

    it('a deadline whose due time is still ahead of the clock is a warning', async () => {
      const { store, executor } = setup(at);
      await executor.runMany(tx, [
        { target: { row: row(), tasks: [] }, command: { type: 'lapse', deadlines: [deadline(new Date(+at + 1))], whistleTo: [] }, acting: SYSTEM },
      ]);
      expect(store.commits[0][0].transition.clocks).toEqual([{ op: 'warned', deadlineId: 'd-1' }]);
    });

    it('one whose due time the clock has reached is a breach, and climbs the case', async () => {
      const { store, executor } = setup(at);
      await executor.runMany(tx, [
        { target: { row: row(), tasks: [] }, command: { type: 'lapse', deadlines: [deadline(at)], whistleTo: [] }, acting: SYSTEM },
      ]);
      const t = store.commits[0][0].transition;
      expect(t.clocks[0]).toEqual({ op: 'breached', deadlineId: 'd-1' });
      expect(t.state.rung).toBe('neighbourhood');
      expect(t.record.updatedAt).toBe(at);
    });

    it('many cases in one batch are decided at one instant and written in one commit', async () => {
      const { store, executor } = setup(at);
      const targets = ['a', 'b', 'c'].map((id) => ({ row: row({ id }), tasks: [] as Task[] }));
      await executor.runMany(
        tx,
        targets.map((target) => ({ target, command: { type: 'lapse', deadlines: [deadline(at)], whistleTo: [] }, acting: SYSTEM })),
      );
      expect(store.commits).toHaveLength(1);
      expect(store.commits[0].map((c) => c.now)).toEqual([at, at, at]);
    });
  });
});
