import type { RegionLevel } from './region-level';

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/**
 * The jurisdiction tree in memory. Regions are reference data (seeded, never edited at run time),
 * so ancestry and subtree questions are answered without a query.
 */
export class RegionTree {
  private readonly byCode = new Map<string, RegionNode>();
  private readonly childCodes = new Map<string, string[]>();

  constructor(regions: RegionNode[]) {
    for (const r of regions) {
      this.byCode.set(r.code, r);
      if (r.parentCode) this.childCodes.set(r.parentCode, [...(this.childCodes.get(r.parentCode) ?? []), r.code]);
    }
  }

  get(code: string): RegionNode | undefined {
    return this.byCode.get(code);
  }

  children(code: string): string[] {
    return this.childCodes.get(code) ?? [];
  }

  /** The region itself and its ancestors, nearest first. */
  lineage(code: string): RegionNode[] {
    const out: RegionNode[] = [];
    for (let r = this.byCode.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) out.push(r);
    return out;
  }

  /** The region at `level` on the path from the root to `code` (itself included). */
  ancestorAt(code: string, level: RegionLevel): RegionNode | undefined {
    return this.lineage(code).find((r) => r.level === level);
  }

  /** The region itself and every region below it. */
  subtree(code: string): string[] {
    if (!this.byCode.has(code)) return [];
    const out: string[] = [];
    for (const stack = [code]; stack.length;) {
      const c = stack.pop()!;
      out.push(c);
      stack.push(...this.children(c));
    }
    return out;
  }

  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    return this.lineage(code).some((r) => r.code === ancestor);
  }

  /** The district: the one region without a parent. */
  root(): RegionNode {
    const root = [...this.byCode.values()].find((r) => r.parentCode === null);
    if (!root) throw new Error('The region tree has no root');
    return root;
  }

  all(): RegionNode[] {
    return [...this.byCode.values()];
  }
}
