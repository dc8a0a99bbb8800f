import { RegionTree } from '../jurisdiction/region-tree';
import { concerning, partyRegionsOf } from './visibility';

const tree = new RegionTree([
  { code: 'D', name: 'district', level: 'district', parentCode: null },
  { code: 'S', name: 'street', level: 'street', parentCode: 'D' },
  { code: 'N', name: 'hood', level: 'neighbourhood', parentCode: 'S' },
  { code: 'G', name: 'grid', level: 'grid', parentCode: 'N' },
  { code: 'N2', name: 'hood 2', level: 'neighbourhood', parentCode: 'S' },
  { code: 'S2', name: 'other street', level: 'street', parentCode: 'D' },
]);

describe('party-building scope', () => {
  it('a region sees its subtree and its ancestors, never a sibling', () => {
    expect(concerning('N', tree).sort()).toEqual(['D', 'G', 'N', 'S']);
    expect(concerning('S', tree).sort()).toEqual(['D', 'G', 'N', 'N2', 'S']);
    expect(partyRegionsOf({ kind: 'region', level: 'neighbourhood', code: 'N' }, tree)).not.toContain('N2');
  });
  it('admins see every region, liaisons none', () => {
    expect(partyRegionsOf({ kind: 'all' }, tree)).toBeNull();
    expect(partyRegionsOf({ kind: 'department', code: 'sr' }, tree)).toEqual([]);
  });
});
