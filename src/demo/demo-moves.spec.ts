import { demoCast, inside } from './demo-cast';
import { movesOn, newReport, nextMove, pointIn, type SeenCase } from './demo-moves';

const cast = demoCast();
/** A seeded generator, so that each run makes the same choices. */
function seeded(seed = 42) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const always = (x: number) => () => x;

const GRID = 'XH-CQ-A1-N01-G1';
const seen = (o: Partial<SeenCase> = {}): SeenCase => ({
  id: 'c1',
  status: 'pending',
  rung: 'grid',
  holderRegionCode: GRID,
  gridCode: GRID,
  streetCode: 'XH-CQ',
  categoryCode: '0101',
  source: 'patrol',
  tasks: [],
  ...o,
});

describe('demo traffic: who does what next', () => {
  it('knows the demo city’s people: the grid’s inspector, the holders of each rung, the streets, the liaisons', () => {
    expect(cast.inspectorOf.get(GRID)).toBe('insp-cq-a1-n01-g1');
    expect(cast.holderOf.get('XH-CQ-A1-N01')).toBe('hood-cq-a1-n01');
    expect(cast.streetOf.get('XH-CQ')).toBe('street-cq');
    expect(cast.liaisonsOf.get('SR')).toEqual(['liaison-sr', 'liaison-sr-2']);
    expect(cast.grids.length).toBe(60);
  });

  it('a pending case is claimed by its holder; one in hand resolved or raised a rung; a resolved one checked by the grid’s inspector', () => {
    expect(movesOn(seen(), cast, always(0.5))).toEqual([{ kind: 'claim', as: 'insp-cq-a1-n01-g1', path: '/api/cases/c1/claim', body: {} }]);
    const atHood = seen({ status: 'in_progress', rung: 'neighbourhood', holderRegionCode: 'XH-CQ-A1-N01' });
    expect(movesOn(atHood, cast, always(0.5))[0]).toMatchObject({ kind: 'resolve', as: 'hood-cq-a1-n01', path: '/api/cases/c1/resolve' });
    expect(movesOn(atHood, cast, always(0.9))[0]).toMatchObject({ kind: 'escalate', as: 'hood-cq-a1-n01' });
    const atStreet = seen({ status: 'in_progress', rung: 'street', holderRegionCode: 'XH-CQ' });
    expect(movesOn(atStreet, cast, always(0.9))[0]).toMatchObject({ kind: 'whistle', as: 'street-cq', body: { departmentCodes: ['SR'] } });
    expect(movesOn(seen({ status: 'resolved' }), cast, always(0.5))[0]).toMatchObject({
      kind: 'verify',
      as: 'insp-cq-a1-n01-g1',
      body: { passed: true },
    });
  });

  it('on departments, each live task’s liaison reports in, then completes; recalled and done tasks are left alone', () => {
    const tasks = [
      { id: 't1', departmentCode: 'CG', status: 'pending', recalled: false },
      { id: 't2', departmentCode: 'SR', status: 'claimed', recalled: false },
      { id: 't3', departmentCode: 'FG', status: 'pending', recalled: true },
      { id: 't4', departmentCode: 'JJ', status: 'done', recalled: false },
    ];
    const moves = movesOn(seen({ status: 'in_progress', rung: 'department', holderRegionCode: 'XH-CQ', tasks }), cast, always(0.5));
    expect(moves.map((m) => [m.kind, m.path])).toEqual([
      ['claimTask', '/api/tasks/t1/claim'],
      ['completeTask', '/api/tasks/t2/complete'],
    ]);
    expect(moves[0].as).toMatch(/^liaison-cg/);
  });

  it('residents rate their closed reports once; other closed cases are left alone', () => {
    const closed = seen({ status: 'closed', source: 'resident', trackingCode: 'ABC123' });
    const world = { cases: [closed, seen({ id: 'c2', status: 'closed' })], rated: new Set<string>() };
    const rand = seeded();
    const rates = Array.from({ length: 50 }, () => nextMove(world, cast, rand)).filter((m) => m?.kind === 'rate');
    expect(rates.length).toBeGreaterThan(0);
    expect(rates[0]).toMatchObject({ as: null, path: '/api/public/reports/ABC123/rating', rates: 'ABC123' });
    expect(Array.from({ length: 50 }, () => nextMove({ ...world, rated: new Set(['ABC123']) }, cast, rand)?.kind)).not.toContain('rate');
  });

  it('reports come from an inspector of the grid, inside it, or from a resident without a token', () => {
    const rand = seeded(7);
    const reports = Array.from({ length: 200 }, () => newReport(cast, rand)!);
    const byInspectors = reports.filter((m) => m.kind === 'report');
    expect(byInspectors.length).toBeGreaterThan(50);
    expect(reports.filter((m) => m.kind === 'residentReport' && m.as === null).length).toBeGreaterThan(30);
    for (const m of byInspectors) {
      const location = m.body.location as { lat: number; lng: number };
      const grid = cast.grids.find((g) => inside(location, g.ring))!;
      expect(cast.inspectorOf.get(grid.code)).toBe(m.as);
    }
    expect(byInspectors.some((m) => m.body.priority === 'urgent')).toBe(true);
  });

  it('an empty city reports; a busy one mostly works', () => {
    const rand = seeded(3);
    expect(nextMove({ cases: [], rated: new Set() }, cast, rand)?.kind).toMatch(/report|residentReport/);
    const busy = Array.from({ length: 100 }, (_, i) => seen({ id: `c${i}` }));
    const kinds = Array.from({ length: 100 }, () => nextMove({ cases: busy, rated: new Set() }, cast, rand)!.kind);
    expect(kinds.filter((k) => k === 'claim').length).toBeGreaterThan(80);
  });

  it('a point in a grid falls inside it; a degenerate ring gives the centre', () => {
    const g = cast.grids[0];
    const rand = seeded(9);
    for (let i = 0; i < 100; i++) expect(inside(pointIn(g.ring, g.center, rand), g.ring)).toBe(true);
    expect(pointIn([[1, 1]], { lat: 5, lng: 6 }, rand)).toEqual({ lat: 5, lng: 6 });
  });
});
