import { DomainError } from '../../common/domain-error';
import { RegionTree } from '../../jurisdiction/region-tree';
import { checkWithdrawal, mayActForUnit, remaining, requireInside, resourceServes } from './claim-rules';
import { demandAfter } from './demand-status';
import { effectOf, effectWindows, windowFigures } from './effect';
import { PROJECT_COMMANDS, projectAfter } from './project-machine';
import { PROJECT_STATUSES } from './party-types';

const tree = new RegionTree([
  { code: 'D', name: 'district', level: 'district', parentCode: null },
  { code: 'S', name: 'street', level: 'street', parentCode: 'D' },
  { code: 'N', name: 'hood', level: 'neighbourhood', parentCode: 'S' },
  { code: 'N2', name: 'hood 2', level: 'neighbourhood', parentCode: 'S' },
  { code: 'S2', name: 'other street', level: 'street', parentCode: 'D' },
]);

const kindOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as DomainError).kind;
  }
};

describe('project state machine', () => {
  const table: Record<string, Record<string, string>> = {
    proposed: { start: 'active', finish: 'conflict', drop: 'dropped' },
    active: { start: 'conflict', finish: 'done', drop: 'dropped' },
    done: { start: 'conflict', finish: 'conflict', drop: 'conflict' },
    dropped: { start: 'conflict', finish: 'conflict', drop: 'conflict' },
  };
  for (const status of PROJECT_STATUSES)
    for (const command of PROJECT_COMMANDS)
      it(`${status} × ${command} → ${table[status][command]}`, () => {
        const expected = table[status][command];
        if (expected === 'conflict') expect(kindOf(() => projectAfter(status, command))).toBe('conflict');
        else expect(projectAfter(status, command)).toBe(expected);
      });
});

describe('demand status', () => {
  it('follows claims and projects', () => {
    expect(demandAfter('open', 'claim')).toBe('claimed');
    expect(demandAfter('claimed', 'withdraw')).toBe('open');
    expect(demandAfter('claimed', 'projectStart')).toBe('in_project');
    expect(demandAfter('in_project', 'projectFinish')).toBe('done');
    expect(demandAfter('in_project', 'projectDrop')).toBe('claimed');
  });
  it('refuses a second claim and a withdrawal after a start (409)', () => {
    expect(kindOf(() => demandAfter('claimed', 'claim'))).toBe('conflict');
    expect(kindOf(() => demandAfter('in_project', 'withdraw'))).toBe('conflict');
    expect(kindOf(() => demandAfter('open', 'projectStart'))).toBe('conflict');
  });
});

describe('claim rules', () => {
  it('a resource offered to a street serves its neighbourhoods, not the other way round', () => {
    expect(resourceServes(['S'], 'N', tree)).toBe(true);
    expect(resourceServes(['N'], 'N', tree)).toBe(true);
    expect(resourceServes(['N'], 'S', tree)).toBe(false);
    expect(resourceServes(['N2'], 'N', tree)).toBe(false);
    expect(resourceServes(['S2'], 'N', tree)).toBe(false);
  });
  it('a street acts for its own and the district’s units only', () => {
    const street = { role: 'street', regionCode: 'S' };
    expect(mayActForUnit(street, 'S', tree)).toBe(true);
    expect(mayActForUnit(street, 'D', tree)).toBe(true);
    expect(mayActForUnit(street, 'S2', tree)).toBe(false);
    expect(mayActForUnit({ role: 'area', regionCode: 'S' }, 'S', tree)).toBe(false);
    expect(mayActForUnit({ role: 'admin', regionCode: 'D' }, 'S2', tree)).toBe(true);
  });
  it('acts inside the own region only (403)', () => {
    expect(kindOf(() => requireInside({ role: 'neighbourhood', regionCode: 'N' }, 'N', tree, 'region'))).toBe('ok');
    expect(kindOf(() => requireInside({ role: 'neighbourhood', regionCode: 'N' }, 'N2', tree, 'region'))).toBe('forbidden');
    expect(kindOf(() => requireInside({ role: 'neighbourhood', regionCode: 'N' }, 'S', tree, 'region'))).toBe('forbidden');
    expect(kindOf(() => requireInside({ role: 'street', regionCode: 'S' }, 'N2', tree, 'region'))).toBe('ok');
  });
  it('a claim is withdrawn while live and before its demand’s project starts', () => {
    expect(kindOf(() => checkWithdrawal({ status: 'live' }, 'claimed'))).toBe('ok');
    expect(kindOf(() => checkWithdrawal({ status: 'live' }, null))).toBe('ok');
    expect(kindOf(() => checkWithdrawal({ status: 'withdrawn' }, 'open'))).toBe('conflict');
    expect(kindOf(() => checkWithdrawal({ status: 'live' }, 'in_project'))).toBe('conflict');
    expect(kindOf(() => checkWithdrawal({ status: 'live' }, 'done'))).toBe('conflict');
  });
  it('counts what is left of a capacity', () => {
    expect(remaining(null, 5)).toBeNull();
    expect(remaining(3, 1)).toBe(2);
    expect(remaining(3, 3)).toBe(0);
  });
});

describe('effect arithmetic', () => {
  const start = new Date('2026-06-01T00:00:00.000Z');
  it('compares the 90 days before with the days since, capped at 90', () => {
    const young = effectWindows(start, new Date('2026-06-11T00:00:00.000Z'));
    expect(young.before).toEqual({ from: new Date('2026-03-03T00:00:00.000Z'), to: start });
    expect(young.after).toEqual({ from: start, to: new Date('2026-06-11T00:00:00.000Z') });
    const old = effectWindows(start, new Date('2027-01-01T00:00:00.000Z'));
    expect(old.after.to).toEqual(new Date('2026-08-30T00:00:00.000Z'));
  });
  it('gives per-30-day rates so unequal windows compare', () => {
    const w = effectWindows(start, new Date('2026-06-11T00:00:00.000Z'));
    const e = effectOf([{ categoryCode: '0101', gridCode: 'G' }], w, { before: 9, after: 2 });
    expect(e.before).toMatchObject({ days: 90, count: 9, per30Days: 3 });
    expect(e.after).toMatchObject({ days: 10, count: 2, per30Days: 6 });
    expect(e.change).toBe(3);
    expect(e.changeRatio).toBe(1);
  });
  it('has no rate for an empty window and no ratio without cases before', () => {
    expect(windowFigures({ from: start, to: start }, 0).per30Days).toBeNull();
    const e = effectOf([], effectWindows(start, start), { before: 0, after: 0 });
    expect(e.change).toBeNull();
    const none = effectOf([], effectWindows(start, new Date('2026-06-11T00:00:00.000Z')), { before: 0, after: 1 });
    expect(none.change).toBe(3);
    expect(none.changeRatio).toBeNull();
  });
});
