import { GridLocator, ringContains, type GridBoundary, type Position } from './grid-locator';
import { seededRandom } from '../../test/support/seeded-random';

const polygon = (code: string, ...rings: Position[][]): GridBoundary => ({ code, boundary: { coordinates: rings } });
/** A closed GeoJSON ring of the rectangle [west, east] × [south, north]. */
const box = (west: number, south: number, east: number, north: number): Position[] => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];
/** A U: two arms standing on a base, the notch between them open at the top. */
const U: Position[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 1],
  [1, 1],
  [1, 3],
  [0, 3],
  [0, 0],
];

// Points are (lat, lng) in gridAt and (lng, lat) in GeoJSON and ringContains: the tests say which.
describe('ringContains', () => {
  const square = box(121.42, 31.14, 121.43, 31.15);

  it('holds a point inside and not one outside', () => {
    expect(ringContains(square, 121.425, 31.145)).toBe(true);
    expect(ringContains(square, 121.435, 31.145)).toBe(false);
    expect(ringContains(square, 121.425, 31.139)).toBe(false);
  });

  it('counts a point on an edge or a vertex as inside, like polygon @> point', () => {
    expect(ringContains(square, 121.425, 31.14)).toBe(true);
    expect(ringContains(square, 121.43, 31.147)).toBe(true);
    for (const [lng, lat] of square) expect(ringContains(square, lng, lat)).toBe(true);
  });

  it("uses PostgreSQL's tolerance of 1e-6 at the border", () => {
    expect(ringContains(square, 121.4300005, 31.145)).toBe(true);
    expect(ringContains(square, 121.43001, 31.145)).toBe(false);
    expect(ringContains(square, 121.425, 31.1399995)).toBe(true);
  });

  it('follows a concave ring: the notch is outside, the arms and the reflex corners inside', () => {
    expect(ringContains(U, 1.5, 2)).toBe(false);
    expect(ringContains(U, 0.5, 2)).toBe(true);
    expect(ringContains(U, 2.5, 2.5)).toBe(true);
    expect(ringContains(U, 1.5, 0.5)).toBe(true);
    expect(ringContains(U, 2, 1)).toBe(true);
    expect(ringContains(U, 1.5, 1)).toBe(true);
    expect(ringContains(U, 1.5, 1.00001)).toBe(false);
  });

  it('is not fooled by a ray running through vertices or along edges', () => {
    expect(ringContains(U, 0.5, 1)).toBe(true);
    expect(ringContains(U, -1, 1)).toBe(false);
    expect(ringContains(U, 1.5, 3)).toBe(false);
    expect(ringContains(U, -1, 3)).toBe(false);
    expect(ringContains(U, 0.5, 3)).toBe(true);
  });

  it('handles slanted edges, with or without the repeated closing vertex', () => {
    const diamond: Position[] = [
      [1, 0],
      [2, 1],
      [1, 2],
      [0, 1],
    ];
    expect(ringContains(diamond, 1, 1)).toBe(true);
    expect(ringContains(diamond, 1.5, 0.5)).toBe(true);
    expect(ringContains(diamond, 1.8, 0.5)).toBe(false);
    expect(ringContains([...diamond, diamond[0]], 1.8, 0.5)).toBe(false);
    expect(ringContains([...diamond, diamond[0]], 0.5, 1.5)).toBe(true);
  });

  it('holds nothing in an empty ring', () => {
    expect(ringContains([], 0, 0)).toBe(false);
  });
});

describe('GridLocator', () => {
  it('answers the grid containing a point, null outside every grid', () => {
    const grids = new GridLocator([polygon('G1', box(0, 0, 1, 1)), polygon('G2', box(1, 0, 2, 1))]);
    expect(grids.gridAt(0.5, 0.5)).toBe('G1');
    expect(grids.gridAt(0.5, 1.5)).toBe('G2');
    expect(grids.gridAt(0.5, 2.5)).toBeNull();
    expect(new GridLocator([]).gridAt(0, 0)).toBeNull();
  });

  it('gives a shared border, edge or corner, to the smallest code whatever the load order', () => {
    const grids = new GridLocator([
      polygon('G-B', box(1, 0, 2, 1)),
      polygon('G-C', box(0, 1, 1, 2)),
      polygon('G-A', box(0, 0, 1, 1)),
      polygon('G-D', box(1, 1, 2, 2)),
    ]);
    expect(grids.gridAt(0.5, 1)).toBe('G-A');
    expect(grids.gridAt(1.5, 1)).toBe('G-C');
    expect(grids.gridAt(1, 1)).toBe('G-A');
    expect(grids.gridAt(1, 1.5)).toBe('G-B');
    expect(grids.gridAt(1.5, 1.5)).toBe('G-D');
  });

  it('orders codes by byte, as the "C" collation does', () => {
    const grids = new GridLocator([polygon('a', box(0, 0, 1, 1)), polygon('B', box(1, 0, 2, 1)), polygon('A-1', box(0, 0, 2, 1))]);
    expect(grids.gridAt(0.5, 1)).toBe('A-1');
    expect(new GridLocator([polygon('a', box(0, 0, 1, 1)), polygon('B', box(1, 0, 2, 1))]).gridAt(0.5, 1)).toBe('B');
  });

  it('ignores holes, as the trigger that builds the polygon keeps the outer ring only', () => {
    const grids = new GridLocator([polygon('G', box(0, 0, 3, 3), box(1, 1, 2, 2))]);
    expect(grids.gridAt(1.5, 1.5)).toBe('G');
  });

  it('answers with the bounding-box prefilter exactly what a scan of every ring answers', () => {
    const boundaries: GridBoundary[] = [
      polygon(
        'U',
        U.map(([x, y]) => [x + 4, y] as const),
      ),
    ];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) boundaries.push(polygon(`G${((i * 3 + j) * 7) % 12}`, box(i, j, i + 1, j + 1)));
    const grids = new GridLocator(boundaries);
    const scan = (lat: number, lng: number) =>
      boundaries
        .filter((b) => ringContains(b.boundary.coordinates[0], lng, lat))
        .map((b) => b.code)
        .sort()[0] ?? null;
    const random = seededRandom(42);
    // Random points, then points on and just beside the grid lines, where the box margin matters.
    const points: [number, number][] = [];
    for (let k = 0; k < 5000; k++) points.push([-1 + random() * 5, -1 + random() * 9]);
    for (const line of [0, 1, 2, 3, 4, 5, 7]) {
      for (const offset of [0, 5e-7, -5e-7, 1e-6, -1e-6, 2e-6, -2e-6, 1e-5, -1e-5]) {
        for (let k = 0; k < 40; k++) {
          points.push([line + offset, -1 + random() * 9]);
          points.push([-1 + random() * 5, line + offset]);
        }
      }
    }
    let inside = 0;
    for (const [lat, lng] of points) {
      const expected = scan(lat, lng);
      expect(grids.gridAt(lat, lng)).toBe(expected);
      if (expected !== null) inside++;
    }
    // Both kinds of answer were exercised.
    expect(inside).toBeGreaterThan(points.length / 4);
    expect(inside).toBeLessThan(points.length);
  });
});
