import demoCity from '../src/database/seed/demo-city.json';
import { DomainError } from '../src/common/domain-error';
import { ringContains, type Position } from '../src/jurisdiction/grid-locator';
import { JurisdictionService } from '../src/jurisdiction/jurisdiction.service';
import { createTestApp, TestApp } from './support/test-app';
import { seededRandom } from './support/seeded-random';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** The statement the in-memory locate replaced, run as it was. */
const LOCATE_SQL = `SELECT code FROM region WHERE level = 'grid' AND area @> point($1, $2) ORDER BY code LIMIT 1`;

const grids = demoCity.regions.filter((r) => r.level === 'grid');
const ringOf = (r: (typeof demoCity.regions)[number]) => r.boundary.coordinates[0] as unknown as Position[];

/**
 * The in-memory locate (src/jurisdiction/grid-locator.ts) answers what PostgreSQL's `polygon @> point`
 * answers: on the demo city's grids through the service, and on a concave ring with slanted edges, where
 * PostgreSQL's tolerance at the border matters most.
 */
describe('in-memory locate', () => {
  it('agrees with the SQL query at every grid centre, every boundary vertex and thousands of points around', async () => {
    const jurisdiction = t.app.get(JurisdictionService);
    const district = demoCity.regions.find((r) => r.level === 'district')!;
    const [west, east, south, north] = bounds(ringOf(district));
    const random = seededRandom(20240611);
    const points: { lat: number; lng: number }[] = [];
    for (const g of grids) points.push(g.center);
    const vertices = new Map(grids.flatMap((g) => ringOf(g)).map(([lng, lat]) => [`${lng},${lat}`, { lat, lng }]));
    points.push(...vertices.values());
    // Beside every vertex, within and beyond PostgreSQL's 1e-6 tolerance.
    for (const v of vertices.values()) {
      for (const d of [5e-7, 5e-6]) points.push({ lat: v.lat + d, lng: v.lng }, { lat: v.lat, lng: v.lng - d });
    }
    // The district's box and a margin around it, so that some points fall outside every grid.
    const dLng = (east - west) * 0.1;
    const dLat = (north - south) * 0.1;
    for (let i = 0; i < 4000; i++)
      points.push({ lat: south - dLat + random() * (north - south + 2 * dLat), lng: west - dLng + random() * (east - west + 2 * dLng) });

    let inside = 0;
    let shared = 0;
    for (const { lat, lng } of points) {
      const rows = await t.sql<{ code: string }>(LOCATE_SQL, [lng, lat]);
      const expected = rows[0]?.code ?? null;
      expect({ lat, lng, code: jurisdiction.gridAt(lat, lng) }).toEqual({ lat, lng, code: expected });
      if (expected === null) {
        expect(() => jurisdiction.locate(lat, lng)).toThrow(DomainError);
      } else {
        expect(jurisdiction.locate(lat, lng).grid.code).toBe(expected);
        inside++;
        if (grids.filter((g) => ringContains(ringOf(g), lng, lat)).length > 1) shared++;
      }
    }
    // The comparison covered inside, outside and shared borders (where the smallest code wins).
    expect(points.length).toBeGreaterThan(4000 + grids.length + vertices.size);
    expect(inside).toBeGreaterThan(points.length / 2);
    expect(inside).toBeLessThan(points.length);
    expect(shared).toBeGreaterThan(vertices.size / 2);
  });

  it("agrees with PostgreSQL's polygon @> point on a concave ring with slanted edges, near its border above all", async () => {
    const ring: Position[] = [
      [121.44, 31.16],
      [121.452, 31.163],
      [121.461, 31.158],
      [121.458, 31.171],
      [121.463, 31.182],
      [121.45, 31.176],
      [121.441, 31.183],
      [121.447, 31.17],
      [121.44, 31.16],
    ];
    const [west, east, south, north] = bounds(ring);
    const random = seededRandom(7);
    const points: Position[] = [];
    for (let i = 0; i < 3000; i++) points.push([west - 0.002 + random() * (east - west + 0.004), south - 0.002 + random() * (north - south + 0.004)]);
    // Along each edge, on it and at distances from it across the tolerance (which grows as edges shorten).
    for (let e = 0; e + 1 < ring.length; e++) {
      const [[x1, y1], [x2, y2]] = [ring[e], ring[e + 1]];
      const length = Math.hypot(x2 - x1, y2 - y1);
      const [nx, ny] = [(y1 - y2) / length, (x2 - x1) / length];
      for (let k = 0; k <= 20; k++) {
        const f = k / 20;
        for (const d of [0, 1e-7, -1e-7, 1e-6, -1e-6, 1e-5, -1e-5, 5e-5, -5e-5, 1e-4, -1e-4]) {
          points.push([x1 + f * (x2 - x1) + d * nx, y1 + f * (y2 - y1) + d * ny]);
        }
      }
    }
    const polygonText = `(${ring.map(([x, y]) => `(${x},${y})`).join(',')})`;
    const rows = await t.sql<{ inside: boolean }>(
      `SELECT $1::polygon @> point(p.x, p.y) AS inside FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS p(x, y, i) ORDER BY i`,
      [polygonText, points.map((p) => p[0]), points.map((p) => p[1])],
    );
    expect(rows).toHaveLength(points.length);
    const disagreements = points.filter(([x, y], i) => ringContains(ring, x, y) !== rows[i].inside);
    expect(disagreements).toEqual([]);
    const inside = rows.filter((r) => r.inside).length;
    expect(inside).toBeGreaterThan(points.length / 4);
    expect(inside).toBeLessThan(points.length);
  });
});

function bounds(ring: Position[]): [west: number, east: number, south: number, north: number] {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
}
