import type { EntityManager } from 'typeorm';
import { DeadlineRepository } from '../../sla/deadline.repository';
import { CaseRepository } from './case.repository';
import { TaskRepository } from './task.repository';
import { TimelineRepository } from './timeline.repository';

/**
 * The statements of the write path and the hot reads, checked in (__snapshots__/): a change to any of
 * them shows in review as SQL, not as string-building code. `npx jest -u` after a deliberate change.
 */
function recording() {
  const statements: string[] = [];
  const em = {
    query: async (text: string) => {
      statements.push(text.replace(/\s+/g, ' ').trim());
      return text.trimStart().startsWith('UPDATE grid_case') ? [[], 0] : [{ n: '1' }];
    },
  } as unknown as EntityManager;
  return { em, statements };
}

const at = new Date('2026-03-02T02:00:00Z');

describe('hot statements', () => {
  it('grid_case', async () => {
    const { em, statements } = recording();
    const cases = new CaseRepository();
    await cases.lockMany(em, ['c1']);
    await cases.byIds(em, ['c1']);
    await cases.reserve(em, 2, ['dup:0101:31.143:121.424']);
    await cases.openNear(em, [{ categoryCode: '0101', minLat: 1, maxLat: 2, minLng: 3, maxLng: 4, since: at }]);
    await cases.insert(em, [{ id: 'c1' } as never]);
    await cases.update(em, [{ id: 'c1' } as never]);
    await cases.list(em, {
      scope: { sql: 'c.street_code = $1', param: 'XH-CQ' },
      status: 'pending',
      q: 'x',
      after: { createdAt: at, id: 'c1' },
      limit: 51,
    });
    expect(statements).toMatchSnapshot();
  });

  it('task and case_event', async () => {
    const { em, statements } = recording();
    const tasks = new TaskRepository();
    const timeline = new TimelineRepository();
    await tasks.ofCases(em, ['c1']);
    await tasks.insert(em, [{ id: 't1' } as never]);
    await tasks.update(em, [{ id: 't1' } as never]);
    await timeline.append(em, [{ caseId: 'c1' } as never]);
    await timeline.page(em, 'c1', 51);
    expect(statements).toMatchSnapshot();
  });

  it('deadline', async () => {
    const { em, statements } = recording();
    const deadlines = new DeadlineRepository();
    await deadlines.write(em, {
      now: at,
      marks: [
        { id: '1', op: 'warned', at },
        { id: '2', op: 'breached', at },
      ],
      stops: [{ caseId: 'c1', stage: 'rung', taskId: null, at }],
      starts: [{ caseId: 'c1', stage: 'rung', taskId: null, rung: 'grid', startedAt: at, warnAt: null, dueAt: at }],
      extensions: [],
    });
    await deadlines.takeDue(em, 1000);
    expect(statements).toMatchSnapshot();
  });
});
