import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/role';
import { RegionTree } from '../jurisdiction/region-tree';
import { canManageUser, canSeeUser, revokes, shapeErrors } from './user-rules';

const tree = new RegionTree([
  { code: 'D', name: 'district', level: 'district', parentCode: null },
  { code: 'S1', name: 'street 1', level: 'street', parentCode: 'D' },
  { code: 'S2', name: 'street 2', level: 'street', parentCode: 'D' },
  { code: 'S1-A', name: 'area', level: 'area', parentCode: 'S1' },
  { code: 'S1-N', name: 'neighbourhood', level: 'neighbourhood', parentCode: 'S1-A' },
  { code: 'S1-G', name: 'grid', level: 'grid', parentCode: 'S1-N' },
  { code: 'S2-G', name: 'grid', level: 'grid', parentCode: 'S2' },
]);
const departments = (code: string) => code === 'CG';
const shape = (role: Role, regionCode: string | null, departmentCode: string | null = null) => ({ role, regionCode, departmentCode });
const fields = (role: Role, regionCode: string | null, departmentCode: string | null = null) =>
  shapeErrors(shape(role, regionCode, departmentCode), tree, departments).map((e) => e.field);
const actor = (role: Role, regionCode: string | null): AuthUser => ({
  id: 'x',
  username: 'x',
  displayName: 'x',
  role,
  regionCode,
  departmentCode: null,
});

describe('shapeErrors', () => {
  it.each([
    ['inspector', 'S1-G'],
    ['neighbourhood', 'S1-N'],
    ['area', 'S1-A'],
    ['street', 'S1'],
    ['display', 'S1'],
    ['admin', 'D'],
  ] as const)('accepts a %s at %s', (role, region) => expect(fields(role, region)).toEqual([]));

  it('accepts a liaison with a known department and no region', () => expect(fields('liaison', null, 'CG')).toEqual([]));

  it.each([
    ['inspector', 'S1-N', ['regionCode']],
    ['inspector', null, ['regionCode']],
    ['neighbourhood', 'S1', ['regionCode']],
    ['area', 'S1-G', ['regionCode']],
    ['street', 'S1-A', ['regionCode']],
    ['display', 'S1-G', ['regionCode']],
    ['admin', 'S1', ['regionCode']],
    ['inspector', 'NOPE', ['regionCode']],
  ] as const)('refuses a %s at %s', (role, region, expected) => expect(fields(role, region)).toEqual(expected));

  it('refuses a department on a regional role', () => expect(fields('inspector', 'S1-G', 'CG')).toEqual(['departmentCode']));
  it('refuses a liaison without a department, with an unknown one, or with a region', () => {
    expect(fields('liaison', null)).toEqual(['departmentCode']);
    expect(fields('liaison', null, 'XX')).toEqual(['departmentCode']);
    expect(fields('liaison', 'S1', 'CG')).toEqual(['regionCode']);
  });
});

describe('powers', () => {
  const street = actor('street', 'S1');
  it('lets an admin see and manage anyone', () => {
    expect(canSeeUser(actor('admin', 'D'), { regionCode: null }, tree)).toBe(true);
    expect(canManageUser(actor('admin', 'D'), shape('admin', 'D'), tree)).toBe(true);
  });
  it('lets a street see the users inside it, and no one else', () => {
    expect(canSeeUser(street, { regionCode: 'S1-G' }, tree)).toBe(true);
    expect(canSeeUser(street, { regionCode: 'S1' }, tree)).toBe(true);
    expect(canSeeUser(street, { regionCode: 'S2-G' }, tree)).toBe(false);
    expect(canSeeUser(street, { regionCode: null }, tree)).toBe(false);
    expect(canSeeUser(street, { regionCode: 'D' }, tree)).toBe(false);
  });
  it('lets a street manage inspectors, neighbourhoods, areas and walls inside it only', () => {
    expect(canManageUser(street, shape('inspector', 'S1-G'), tree)).toBe(true);
    expect(canManageUser(street, shape('display', 'S1'), tree)).toBe(true);
    expect(canManageUser(street, shape('street', 'S1'), tree)).toBe(false);
    expect(canManageUser(street, shape('admin', 'D'), tree)).toBe(false);
    expect(canManageUser(street, shape('liaison', null, 'CG'), tree)).toBe(false);
    expect(canManageUser(street, shape('inspector', 'S2-G'), tree)).toBe(false);
  });
  it.each(['inspector', 'neighbourhood', 'area', 'liaison', 'display'] as const)('gives a %s no powers', (role) => {
    expect(canSeeUser(actor(role, 'S1'), { regionCode: 'S1-G' }, tree)).toBe(false);
    expect(canManageUser(actor(role, 'S1'), shape('inspector', 'S1-G'), tree)).toBe(false);
  });
});

describe('revokes', () => {
  const before = { ...shape('inspector', 'S1-G'), active: true };
  it('on a disable, a new role, region or department, or a new password', () => {
    expect(revokes(before, { ...before, active: false }, false)).toBe(true);
    expect(revokes(before, { ...before, role: 'area', regionCode: 'S1-A' }, false)).toBe(true);
    expect(revokes(before, { ...before, departmentCode: 'CG' }, false)).toBe(true);
    expect(revokes(before, before, true)).toBe(true);
  });
  it('not on a new display name or a re-enable', () => {
    expect(revokes(before, before, false)).toBe(false);
    expect(revokes({ ...before, active: false }, before, false)).toBe(false);
  });
});
