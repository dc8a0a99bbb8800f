import { boxAround, distanceMetres, findDuplicate, mayCollide, MAX_MERGES_PER_CASE, spotOf } from './duplicates';

const here = { lat: 31.143, lng: 121.424 };
/** A point `m` metres north of `here`. */
const north = (m: number) => ({ lat: here.lat + m / 111_195, lng: here.lng });
const at = (iso: string) => new Date(iso);

describe('duplicates', () => {
  it('measures distances in metres', () => {
    expect(distanceMetres(here, here)).toBe(0);
    expect(distanceMetres(here, north(50))).toBeCloseTo(50, 0);
    expect(distanceMetres(here, north(300))).toBeCloseTo(300, 0);
  });

  it('boxes every point within the radius', () => {
    const box = boxAround(here, 50);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const r = (bearing * Math.PI) / 180;
      const p = {
        lat: here.lat + (49.9 * Math.cos(r)) / 111_195,
        lng: here.lng + (49.9 * Math.sin(r)) / (111_195 * Math.cos((here.lat * Math.PI) / 180)),
      };
      expect(distanceMetres(here, p)).toBeLessThanOrEqual(50);
      expect(p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng).toBe(true);
    }
  });

  const now = at('2026-11-23T08:00:00Z');
  it.each([
    ['30 m away, an hour ago', north(30), at('2026-11-23T07:00:00Z'), true],
    ['49 m away, 23 h 59 m ago', north(49), at('2026-11-22T08:01:00Z'), true],
    ['300 m away', north(300), at('2026-11-23T07:00:00Z'), false],
    ['51 m away', north(51), at('2026-11-23T07:00:00Z'), false],
    ['more than 24 h ago', north(10), at('2026-11-22T07:59:00Z'), false],
  ])('a report %s is a duplicate: %s', (_, p, createdAt, expected) => {
    expect(findDuplicate(here, now, [{ ...p, createdAt, merged: 0 }]) !== undefined).toBe(expected);
  });

  it('picks the earliest matching case', () => {
    const first = { ...north(20), createdAt: at('2026-11-23T01:00:00Z'), id: 'a', merged: 0 };
    const second = { ...north(5), createdAt: at('2026-11-23T05:00:00Z'), id: 'b', merged: 0 };
    expect(findDuplicate(here, now, [second, first])?.id).toBe('a');
  });

  describe('merges into one case are capped', () => {
    const first = { ...north(20), createdAt: at('2026-11-23T01:00:00Z'), id: 'a' };
    const second = { ...north(5), createdAt: at('2026-11-23T05:00:00Z'), id: 'b' };

    it('merges while the case is under the cap', () => {
      expect(findDuplicate(here, now, [{ ...first, merged: 2 }], 3)?.id).toBe('a');
    });

    it('passes over a full case to the next one with room', () => {
      expect(
        findDuplicate(
          here,
          now,
          [
            { ...second, merged: 0 },
            { ...first, merged: 3 },
          ],
          3,
        )?.id,
      ).toBe('b');
    });

    it('opens a case of its own when every candidate is full', () => {
      expect(
        findDuplicate(
          here,
          now,
          [
            { ...second, merged: 3 },
            { ...first, merged: 4 },
          ],
          3,
        ),
      ).toBeUndefined();
    });

    it('defaults to MAX_MERGES_PER_CASE', () => {
      expect(findDuplicate(here, now, [{ ...first, merged: MAX_MERGES_PER_CASE - 1 }])?.id).toBe('a');
      expect(findDuplicate(here, now, [{ ...first, merged: MAX_MERGES_PER_CASE }])).toBeUndefined();
    });
  });

  describe('reports that may not be decided in one transaction', () => {
    const probe = (p: { lat: number; lng: number }, categoryCode = '0101') => ({ ...p, categoryCode });
    it.each([
      ['the same spot', north(0), '0101', true],
      ['90 m apart: both could merge into one case between them', north(90), '0101', true],
      ['110 m apart', north(110), '0101', false],
      ['another category at the same spot', north(0), '0603', false],
    ])('%s → %s', (_name, p, category, collide) => {
      expect(mayCollide(probe(here), probe(p, category))).toBe(collide);
    });

    it('a spot is the category and the ~100 m cell', () => {
      expect(spotOf('0101', here)).toBe('dup:0101:31.143:121.424');
      expect(spotOf('0101', north(30))).toBe(spotOf('0101', here));
      expect(spotOf('0603', here)).not.toBe(spotOf('0101', here));
    });
  });
});
