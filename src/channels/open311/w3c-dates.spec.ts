import { offsetMinutes, parseW3cDate, w3cDateTime } from './w3c-dates';

const SH = 'Asia/Shanghai';

describe('W3C dates (GeoReport v2)', () => {
  it('writes the district wall clock with its offset', () => {
    expect(w3cDateTime(new Date('2026-11-22T03:00:00.000Z'), SH)).toBe('2026-11-22T11:00:00+08:00');
    expect(w3cDateTime(new Date('2026-12-31T16:30:05.900Z'), SH)).toBe('2027-01-01T00:30:05+08:00');
    expect(w3cDateTime(new Date('1994-11-05T13:15:30Z'), 'America/New_York')).toBe('1994-11-05T08:15:30-05:00');
    expect(w3cDateTime(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01T00:00:00+00:00');
    expect(offsetMinutes(new Date(), SH)).toBe(480);
  });

  it('reads the spec’s own examples as the same instant', () => {
    expect(parseW3cDate('1994-11-05T08:15:30-05:00', SH)?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cDate('1994-11-05T13:15:30Z', SH)?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cDate('2010-05-24T00:00:00Z', SH)?.toISOString()).toBe('2010-05-24T00:00:00.000Z');
    expect(parseW3cDate('2026-11-22T11:00+08:00', SH)?.toISOString()).toBe('2026-11-22T03:00:00.000Z');
    expect(parseW3cDate('2026-11-22T11:00:00.25+08:00', SH)?.toISOString()).toBe('2026-11-22T03:00:00.250Z');
  });

  it('reads a bare date as the start of that day in the district', () => {
    expect(parseW3cDate('2026-11-22', SH)?.toISOString()).toBe('2026-11-21T16:00:00.000Z');
  });

  it('refuses a date-time without a zone, impossible days and hours, and other formats', () => {
    for (const bad of [
      '2026-11-22T11:00:00',
      '2026-13-01',
      '2026-02-30',
      '2026-11-22T24:00:00Z',
      '2026-11-22T10:00:00+25:00',
      'yesterday',
      '1700000000',
      '',
      '2026-11-22 10:00:00Z',
    ]) {
      expect([bad, parseW3cDate(bad, SH)]).toEqual([bad, null]);
    }
  });
});
