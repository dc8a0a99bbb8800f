/** Two reports of the same category this close, this soon, are one problem (one case). */
export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_WINDOW_MS = 24 * 3600_000;

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
}

/** The earliest candidate within the radius and window of `p` reported at `now`, if any. */
export function findDuplicate<C extends Candidate>(p: Point, now: Date, candidates: C[]): C | undefined {
  return candidates
    .filter((c) => now.getTime() - c.createdAt.getTime() <= DUPLICATE_WINDOW_MS && distanceMetres(p, c) <= DUPLICATE_RADIUS_M)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}
