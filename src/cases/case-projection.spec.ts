import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/role';
import { LIVE_AUDIENCE, projectCase, PUBLIC_READER, type Viewer } from './case-projection';
import type { CaseView } from './case-view';

const G1 = 'XH-CQ-A1-N01-G1';
const CREATOR = 'u-creator';

const user = (id: string, role: Role, regionCode: string | null, departmentCode: string | null = null): AuthUser => ({
  id,
  username: id,
  role,
  regionCode,
  departmentCode,
  displayName: id,
});

const task = (departmentCode: string, status: string, recalled = false) => ({ departmentCode, status, recalled }) as CaseView['tasks'][number];

/** A case in G1 taken in by CREATOR, held by `holder`, with the given tasks. */
const aCase = (holder: string, tasks: CaseView['tasks'] = []) =>
  ({
    id: 'c1',
    gridCode: G1,
    neighbourhoodCode: 'XH-CQ-A1-N01',
    areaCode: 'XH-CQ-A1',
    streetCode: 'XH-CQ',
    holderRegionCode: holder,
    reporter: { name: '王先生', phone: '13800000000' },
    trackingCode: 'ABCDE-FGHJK',
    createdBy: CREATOR,
    tasks,
  }) as unknown as CaseView;

const sees = (view: CaseView, viewer: Viewer) => {
  const p = projectCase(view, viewer);
  return ['reporter' in p && 'reporter', 'trackingCode' in p && 'trackingCode'].filter(Boolean).join('+') || 'none';
};

const VIEWERS: Record<string, Viewer> = {
  admin: user('u-admin', 'admin', 'XH'),
  street: user('u-street', 'street', 'XH-CQ'),
  area: user('u-area', 'area', 'XH-CQ-A1'),
  hood: user('u-hood', 'neighbourhood', 'XH-CQ-A1-N01'),
  gridInspector: user('u-insp', 'inspector', G1),
  creator: user(CREATOR, 'inspector', G1),
  otherInspector: user('u-insp2', 'inspector', 'XH-CQ-A1-N01-G2'),
  liaisonCG: user('u-cg', 'liaison', null, 'CG'),
  liaisonFG: user('u-fg', 'liaison', null, 'FG'),
  liaisonSR: user('u-sr', 'liaison', null, 'SR'),
  wall: user('u-wall', 'display', 'XH-CQ'),
  live: LIVE_AUDIENCE,
  public: PUBLIC_READER,
};

describe('projectCase: personal data by role', () => {
  it.each([
    // holder: the grid
    [
      G1,
      [],
      {
        admin: 'reporter+trackingCode',
        street: 'reporter+trackingCode',
        area: 'none',
        hood: 'none',
        gridInspector: 'reporter',
        creator: 'reporter+trackingCode',
        otherInspector: 'none',
        liaisonCG: 'none',
        wall: 'none',
        live: 'none',
        public: 'none',
      },
    ],
    // holder: the neighbourhood — its users see the reporter, the area above does not
    ['XH-CQ-A1-N01', [], { area: 'none', hood: 'reporter', gridInspector: 'reporter', otherInspector: 'none', wall: 'none' }],
    // holder: the area — the neighbourhood below does not see the reporter
    ['XH-CQ-A1', [], { area: 'reporter', hood: 'none', gridInspector: 'reporter', creator: 'reporter+trackingCode', wall: 'none' }],
    // holder: the street — the wall's region holds it, and the wall still sees nothing
    ['XH-CQ', [], { street: 'reporter+trackingCode', area: 'none', wall: 'none', live: 'none', public: 'none' }],
    // on departments: CG claimed, FG returned, SR recalled
    [
      'XH-CQ',
      [task('CG', 'claimed'), task('FG', 'returned'), task('SR', 'pending', true)],
      { liaisonCG: 'reporter', liaisonFG: 'none', liaisonSR: 'none', wall: 'none', live: 'none', gridInspector: 'reporter' },
    ],
    // a done task is still the department's (verification may send it back)
    ['XH-CQ', [task('CG', 'done')], { liaisonCG: 'reporter' }],
  ] as [string, CaseView['tasks'], Record<string, string>][])('held by %s with tasks %j', (holder, tasks, expected) => {
    const view = aCase(holder, tasks);
    for (const [who, want] of Object.entries(expected)) expect([who, sees(view, VIEWERS[who])]).toEqual([who, want]);
  });

  it('omits the keys rather than nulling them, and leaves the view itself untouched', () => {
    const view = aCase(G1);
    const p = projectCase(view, VIEWERS.wall);
    expect(Object.keys(p)).not.toContain('reporter');
    expect(Object.keys(p)).not.toContain('trackingCode');
    expect(JSON.stringify(p)).not.toMatch(/王先生|13800000000|ABCDE-FGHJK/);
    expect(view.reporter).toEqual({ name: '王先生', phone: '13800000000' });
    expect(Object.keys(projectCase(view, VIEWERS.admin))).toEqual(Object.keys(view));
  });

  it('gives nobody but the street and admins the code of a case taken in by no user (a resident’s own report)', () => {
    const view = { ...aCase(G1), createdBy: null } as CaseView;
    expect(sees(view, VIEWERS.gridInspector)).toBe('reporter');
    expect(sees(view, user('u-x', 'inspector', 'XH-CQ-A1-N01-G2'))).toBe('none');
    expect(sees(view, VIEWERS.street)).toBe('reporter+trackingCode');
  });
});
