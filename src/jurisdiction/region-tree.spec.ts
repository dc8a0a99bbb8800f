import { RegionTree } from './region-tree';

const tree = new RegionTree([
  { code: 'D', name: 'district', level: 'district', parentCode: null },
  { code: 'S', name: 'street', level: 'street', parentCode: 'D' },
  { code: 'A', name: 'area', level: 'area', parentCode: 'S' },
  { code: 'N', name: 'hood', level: 'neighbourhood', parentCode: 'A' },
  { code: 'G', name: 'grid', level: 'grid', parentCode: 'N' },
  { code: 'S2', name: 'other street', level: 'street', parentCode: 'D' },
]);

describe('RegionTree', () => {
  it('walks a grid up to the district, nearest first', () => {
    expect(tree.lineage('G').map((r) => r.code)).toEqual(['G', 'N', 'A', 'S', 'D']);
  });

  it('finds the ancestor at a level, the region itself included', () => {
    expect(tree.ancestorAt('G', 'area')?.code).toBe('A');
    expect(tree.ancestorAt('G', 'grid')?.code).toBe('G');
    expect(tree.ancestorAt('S', 'grid')).toBeUndefined();
  });

  it('answers subtree membership', () => {
    expect(tree.isWithin('G', 'S')).toBe(true);
    expect(tree.isWithin('G', 'G')).toBe(true);
    expect(tree.isWithin('G', 'S2')).toBe(false);
    expect(tree.isWithin('unknown', 'D')).toBe(false);
  });

  it('lists a subtree, the region itself first', () => {
    expect(tree.subtree('S')).toEqual(['S', 'A', 'N', 'G']);
    expect(tree.subtree('D').sort()).toEqual(['A', 'D', 'G', 'N', 'S', 'S2']);
    expect(tree.subtree('unknown')).toEqual([]);
  });

  it('lists children', () => {
    expect(tree.children('D').sort()).toEqual(['S', 'S2']);
    expect(tree.children('G')).toEqual([]);
  });
});
