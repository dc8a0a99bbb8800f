import demoCity from '../database/seed/demo-city.json';

/** Who the simulated city's people are and where they work: the demo city's users, grids and categories. */

export interface Point {
  lat: number;
  lng: number;
}

export interface CastGrid {
  code: string;
  streetCode: string;
  center: Point;
  /** The outer ring, [lng, lat] pairs: reports are placed inside it. */
  ring: [number, number][];
}

export interface CastCategory {
  code: string;
  departmentCodes: string[];
}

export interface Cast {
  /** The users holding each region (inspectors: their grid; neighbourhood, area, street users: theirs). */
  holderOf: Map<string, string>;
  /** The inspectors of each grid: they report there and verify there. */
  inspectorOf: Map<string, string>;
  streetUsers: string[];
  /** The street users by street code. */
  streetOf: Map<string, string>;
  /** The liaisons of each department. */
  liaisonsOf: Map<string, string[]>;
  grids: CastGrid[];
  categories: CastCategory[];
}

interface SeedUser {
  username: string;
  role: string;
  regionCode?: string | null;
  departmentCode?: string | null;
}

interface SeedRegion {
  code: string;
  level: string;
  parentCode: string | null;
  center?: Point;
  boundary?: { type: string; coordinates: number[][][] };
}

/** The cast of the seeded demo city (`src/database/seed/demo-city.json`). */
export function demoCast(city: { users: SeedUser[]; regions: SeedRegion[]; categories: typeof demoCity.categories } = demoCity): Cast {
  const regions = new Map(city.regions.map((r) => [r.code, r]));
  const streetOfRegion = (code: string): string => {
    let r = regions.get(code);
    for (let hops = 0; r && r.level !== 'street' && hops < 10; hops++) r = r.parentCode ? regions.get(r.parentCode) : undefined;
    return r?.code ?? '';
  };
  const holderOf = new Map<string, string>();
  const inspectorOf = new Map<string, string>();
  const streetOf = new Map<string, string>();
  const liaisonsOf = new Map<string, string[]>();
  for (const u of city.users) {
    if (u.role === 'inspector' && u.regionCode) {
      if (!inspectorOf.has(u.regionCode)) inspectorOf.set(u.regionCode, u.username);
    }
    if (['inspector', 'neighbourhood', 'area', 'street'].includes(u.role) && u.regionCode && !holderOf.has(u.regionCode)) {
      holderOf.set(u.regionCode, u.username);
    }
    if (u.role === 'street' && u.regionCode) streetOf.set(u.regionCode, u.username);
    if (u.role === 'liaison' && u.departmentCode) liaisonsOf.set(u.departmentCode, [...(liaisonsOf.get(u.departmentCode) ?? []), u.username]);
  }
  const grids = city.regions
    .filter(
      (r) => r.level === 'grid' && r.center && r.boundary?.type === 'Polygon' && inspectorOf.has(r.code) && streetOf.has(streetOfRegion(r.code)),
    )
    .map((r) => ({
      code: r.code,
      streetCode: streetOfRegion(r.code),
      center: r.center!,
      ring: r.boundary!.coordinates[0].map(([lng, lat]) => [lng, lat] as [number, number]),
    }));
  return {
    holderOf,
    inspectorOf,
    streetUsers: [...streetOf.values()],
    streetOf,
    liaisonsOf,
    grids,
    categories: city.categories.map((c) => ({ code: c.code, departmentCodes: [c.leadDepartmentCode, ...c.assistDepartmentCodes] })),
  };
}

/** Ray casting: whether a point lies inside a ring of [lng, lat] pairs. */
export function inside(p: Point, ring: [number, number][]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}
