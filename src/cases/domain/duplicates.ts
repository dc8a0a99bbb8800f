/** Two reports of the same category this close, this soon, are one problem (one case). */
export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_WINDOW_MS = 24 * 3600_000;
/**
 * At most this many reports merge into one case. Each merge writes a line on the master's timeline
 * and its reporter waits on the master's feedback: a flood of reports at one spot (a crowd, or a
 * script) would otherwise grow one case without bound. Fifty is far above what one real problem
 * draws in a day.
 */
export const MAX_MERGES_PER_CASE = 50;

export interface Point {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A lat/lng box that holds every point within `metres` of `p` (for an indexed pre-filter). */
export function boxAround(p: Point, metres: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLng = dLat / Math.max(Math.cos(rad(p.lat)), 1e-6);
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

export interface Candidate extends Point {
  createdAt: Date;
  /** Reports already merged into this case. */
  merged: number;
}

/**
 * The earliest candidate within the radius and window of `p` reported at `now` that has room for
 * one more merge, if any. A full case is passed over, not refused: the report still joins the
 * same problem's next case when there is one, and otherwise opens its own case, which then takes
 * the following reports.
 */
export function findDuplicate<C extends Candidate>(p: Point, now: Date, candidates: C[], maxMerges = MAX_MERGES_PER_CASE): C | undefined {
  return candidates
    .filter((c) => now.getTime() - c.createdAt.getTime() <= DUPLICATE_WINDOW_MS && distanceMetres(p, c) <= DUPLICATE_RADIUS_M)
    .filter((c) => c.merged < maxMerges)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}

/**
 * The spot a report's duplicate check serialises on: its category and its ~100 m cell. Intakes of one
 * spot take turns, so that two simultaneous reports of one problem become one case, not two.
 */
export function spotOf(categoryCode: string, p: Point): string {
  return `dup:${categoryCode}:${p.lat.toFixed(3)}:${p.lng.toFixed(3)}`;
}

export interface Probe extends Point {
  categoryCode: string;
}

/**
 * Two new reports that must not be decided in one transaction: one may be the other's duplicate, or
 * both may merge into one case (and overfill it), so the later waits for the earlier to commit.
 */
export function mayCollide(a: Probe, b: Probe): boolean {
  return (
    a.categoryCode === b.categoryCode && (spotOf(a.categoryCode, a) === spotOf(b.categoryCode, b) || distanceMetres(a, b) <= 2 * DUPLICATE_RADIUS_M)
  );
}
