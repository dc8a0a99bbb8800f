/** A GeoJSON position: [lng, lat]. */
export type Position = readonly [number, number];

/** A grid's GeoJSON Polygon boundary: `coordinates[0]` is the outer ring, any further rings are holes. */
export interface GridBoundary {
  code: string;
  boundary: { coordinates: readonly (readonly Position[])[] };
}

interface Grid {
  code: string;
  ring: readonly Position[];
  west: number;
  east: number;
  south: number;
  north: number;
}

// PostgreSQL's geometric operators compare with a tolerance (EPSILON in geo_decls.h): a point within it of
// the border is on the border, and `polygon @> point` counts the border as inside.
const EPSILON = 1e-6;
const ON_BORDER = Number.MAX_SAFE_INTEGER;
// The box prefilter must reject only points the ring test rejects too: beyond EPSILON of the box every
// vertex lies strictly on one side of the point, which the crossing count reads as outside.
const BOX_MARGIN = 10 * EPSILON;

const isZero = (v: number) => Math.abs(v) <= EPSILON;

/**
 * How the edge from (px, py) to (x, y), both relative to the point, crosses the ray from the point towards +x:
 * ±2 crossing it up or down, ±1 when one end lies on it, 0 not at all, ON_BORDER when the edge touches the point.
 * The same decisions and fuzzy comparisons as PostgreSQL's lseg_crossing(), so both agree near borders too.
 */
function edgeCrossing(x: number, y: number, px: number, py: number): number {
  if (isZero(y)) {
    if (isZero(x)) return ON_BORDER;
    if (x > EPSILON) {
      if (isZero(py)) return px > EPSILON ? 0 : ON_BORDER;
      return py + EPSILON < 0 ? 1 : -1;
    }
    if (isZero(py)) return px + EPSILON < 0 ? 0 : ON_BORDER;
    return 0;
  }
  const up = y > EPSILON ? 1 : -1;
  if (isZero(py)) return px + EPSILON < 0 ? 0 : up;
  if ((up < 0 && py + EPSILON < 0) || (up > 0 && py > EPSILON)) return 0; // both ends on the same side
  if (x + EPSILON >= 0 && px > EPSILON) return 2 * up;
  if (x + EPSILON < 0 && px <= EPSILON) return 0;
  // The edge passes above or below the point: the sign of the cross product says which side it is on.
  const z = (x - px) * y - (y - py) * x;
  if (isZero(z)) return ON_BORDER;
  if ((up < 0 && z + EPSILON < 0) || (up > 0 && z > EPSILON)) return 0;
  return 2 * up;
}

/** True when the closed ring contains the point or (within PostgreSQL's tolerance) has it on its border. */
export function ringContains(ring: readonly Position[], lng: number, lat: number): boolean {
  if (ring.length === 0) return false;
  const x0 = ring[0][0] - lng;
  const y0 = ring[0][1] - lat;
  let px = x0;
  let py = y0;
  let total = 0;
  for (let i = 1; i < ring.length; i++) {
    const x = ring[i][0] - lng;
    const y = ring[i][1] - lat;
    const c = edgeCrossing(x, y, px, py);
    if (c === ON_BORDER) return true;
    total += c;
    px = x;
    py = y;
  }
  // PostgreSQL closes the ring itself (GeoJSON repeats the first vertex; that edge then has length zero).
  const c = edgeCrossing(x0, y0, px, py);
  return c === ON_BORDER || total + c !== 0;
}

/** Codes are ASCII, where UTF-16 order is byte order: PostgreSQL's "C" collation. */
const byCode = (a: Grid, b: Grid) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Which grid contains a point, in memory, with the answer of the SQL it replaces:
 * `SELECT code FROM region WHERE level = 'grid' AND area @> point(lng, lat) ORDER BY code LIMIT 1`.
 * Like the trigger that builds `area`, only the outer ring counts (holes are ignored).
 */
export class GridLocator {
  private readonly grids: Grid[];

  constructor(grids: GridBoundary[]) {
    this.grids = grids
      .map(({ code, boundary }) => {
        const ring = boundary.coordinates[0] ?? [];
        const lngs = ring.map((p) => p[0]);
        const lats = ring.map((p) => p[1]);
        return {
          code,
          ring,
          west: Math.min(...lngs) - BOX_MARGIN,
          east: Math.max(...lngs) + BOX_MARGIN,
          south: Math.min(...lats) - BOX_MARGIN,
          north: Math.max(...lats) + BOX_MARGIN,
        };
      })
      .sort(byCode);
  }

  /** The code of the grid containing the point, the smallest where borders are shared; null outside every grid. */
  gridAt(lat: number, lng: number): string | null {
    // Sorted by code, so the first grid that contains the point is the one ORDER BY code would pick.
    for (const g of this.grids) {
      if (lng < g.west || lng > g.east || lat < g.south || lat > g.north) continue;
      if (ringContains(g.ring, lng, lat)) return g.code;
    }
    return null;
  }
}
