import { parseDuration } from './duration';
import { clockFor, workingMsPerDay, type WorkingCalendar } from './working-time';

// The demo city's calendar (fixtures/demo-city.json): the State Council's 2026 holiday arrangement.
const DEMO_CALENDAR: WorkingCalendar = {
  timezone: 'Asia/Shanghai',
  workingHours: [
    ['08:30', '12:00'],
    ['13:00', '17:30'],
  ],
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  adjustedWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

const MIN = 60_000;
const H = 60 * MIN;
const working = clockFor('working', DEMO_CALENDAR);
const natural = clockFor('natural', DEMO_CALENDAR);

/** A Shanghai wall-clock time, e.g. '2026-02-13 16:30'. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
const iso = (text: string) => parseDuration(text)!;
const addIso = (start: string, duration: string) => working.add(sh(start), iso(duration)).toISOString();

describe('working clock: add', () => {
  it.each([
    // [start (Shanghai), duration, due (UTC)]
    ['2026-03-02 11:30', 'PT1H', '2026-03-02T05:30:00.000Z', 'crosses the lunch break (13:30)'],
    ['2026-03-02 12:15', 'PT30M', '2026-03-02T05:30:00.000Z', 'starts at lunch and counts from 13:00'],
    ['2026-03-02 08:30', 'PT3H30M', '2026-03-02T04:00:00.000Z', 'ends exactly at 12:00, not 13:00'],
    ['2026-03-02 13:00', 'PT4H30M', '2026-03-02T09:30:00.000Z', 'ends exactly at 17:30, not next morning'],
    ['2026-03-02 08:30', 'P1D', '2026-03-02T09:30:00.000Z', 'P1D from 08:30 Monday ends 17:30 Monday'],
    ['2026-03-02 17:30', 'P1D', '2026-03-03T09:30:00.000Z', 'P1D from the end of a day fills the next'],
    ['2026-03-02 03:00', 'PT1H', '2026-03-02T01:30:00.000Z', 'starts at night and counts from 08:30'],
    ['2026-03-07 20:00', 'PT1H', '2026-03-09T01:30:00.000Z', 'starts Saturday evening, due Monday 09:30'],
    ['2026-03-06 17:00', 'PT1H', '2026-03-09T01:00:00.000Z', 'skips a weekend'],
    ['2026-03-02 11:59:59', 'PT2S', '2026-03-02T05:00:01.000Z', 'keeps second precision across lunch'],
    ['2026-03-02 09:00', 'PT0.5S', '2026-03-02T01:00:00.500Z', 'keeps millisecond precision'],
    ['2026-03-02 09:00', 'P5D', '2026-03-09T01:00:00.000Z', 'P5D is a working week'],
    // Spring Festival: Feb 15–23 off, Saturdays Feb 14 and Feb 28 worked.
    ['2026-02-13 16:30', 'PT2H', '2026-02-14T01:30:00.000Z', 'Friday before Spring Festival, into the worked Saturday'],
    ['2026-02-14 17:00', 'PT1H', '2026-02-24T01:00:00.000Z', 'the worked Saturday runs into Tuesday after the holiday'],
    ['2026-02-18 10:00', 'PT1M', '2026-02-24T00:31:00.000Z', 'a start inside the holiday waits for it to end'],
    ['2026-02-27 17:00', 'PT1H', '2026-02-28T01:00:00.000Z', 'Friday runs into the worked Saturday Feb 28'],
    ['2026-02-28 17:00', 'PT1H', '2026-03-02T01:00:00.000Z', 'the worked Saturday runs into Monday'],
    // National Day: Sep 25–27 and Oct 1–7 off; Sunday Sep 20 and Saturday Oct 10 worked.
    ['2026-09-19 10:00', 'PT1H', '2026-09-20T01:30:00.000Z', 'Saturday waits for the worked Sunday Sep 20'],
    ['2026-09-24 17:00', 'PT1H', '2026-09-28T01:00:00.000Z', 'Mid-Autumn Sep 25–27 skipped'],
    ['2026-09-30 16:30', 'P1D', '2026-10-08T08:30:00.000Z', 'Golden Week Oct 1–7 skipped'],
    ['2026-10-09 17:00', 'PT1H', '2026-10-10T01:00:00.000Z', 'Friday runs into the worked Saturday Oct 10'],
    // Year end: Jan 1–3 2026 off, Sunday Jan 4 worked; 2027 has no listed holidays, so weekdays rule.
    ['2025-12-31 17:00', 'PT1H', '2026-01-04T01:00:00.000Z', 'New Year 2026 skipped, into the worked Sunday'],
    ['2026-12-31 17:00', 'PT1H', '2027-01-01T01:00:00.000Z', 'unlisted 2027 falls back to the weekday rule'],
    ['2026-12-31 17:00', 'P1D', '2027-01-01T09:00:00.000Z', 'a working day spanning the year end'],
  ])('%s + %s = %s (%s)', (start, duration, due) => {
    expect(addIso(start, duration)).toBe(due);
  });

  it('returns the start itself for a zero duration, even in non-working time', () => {
    for (const start of ['2026-03-07 20:00', '2026-03-02 12:30', '2026-03-02 09:00']) {
      expect(working.add(sh(start), 0).getTime()).toBe(sh(start).getTime());
      expect(working.add(sh(start), iso('PT0S')).getTime()).toBe(sh(start).getTime());
    }
  });

  it('accepts milliseconds as well as durations', () => {
    expect(working.add(sh('2026-03-02 11:30'), H).toISOString()).toBe('2026-03-02T05:30:00.000Z');
  });

  it('refuses negative durations and invalid dates', () => {
    expect(() => working.add(sh('2026-03-02 09:00'), -1)).toThrow(RangeError);
    expect(() => working.add(new Date(Number.NaN), H)).toThrow(RangeError);
  });

  it('adds P20D in microseconds', () => {
    const clock = clockFor('working', DEMO_CALENDAR);
    const start = sh('2026-09-01 10:00');
    clock.add(start, iso('P20D')); // warm the day cache
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) clock.add(start, iso('P20D'));
    const perCallUs = Number(process.hrtime.bigint() - t0) / 1000 / 1000;
    expect(perCallUs).toBeLessThan(100);
  });

  it('throws rather than loop forever when the calendar has no working time', () => {
    const start = sh('2026-03-02 09:00');
    expect(() => clockFor('working', { ...DEMO_CALENDAR, workingHours: [] }).add(start, H)).toThrow(/no working time/);
    expect(() => clockFor('working', { ...DEMO_CALENDAR, workingWeekdays: [], adjustedWorkdays: [] }).add(start, H)).toThrow(/no working time/);
  });

  it('refuses malformed calendars with a clear message', () => {
    expect(() => clockFor('working', { ...DEMO_CALENDAR, timezone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => clockFor('working', { ...DEMO_CALENDAR, workingHours: [['8:30', '12:00']] })).toThrow(/HH:MM/);
    expect(() => clockFor('working', { ...DEMO_CALENDAR, workingHours: [['12:00', '08:30']] })).toThrow(/ends before/);
    expect(() =>
      clockFor('working', {
        ...DEMO_CALENDAR,
        workingHours: [
          ['08:00', '12:00'],
          ['11:00', '13:00'],
        ],
      }),
    ).toThrow(/overlap/);
    expect(() => clockFor('working', { ...DEMO_CALENDAR, workingWeekdays: [0, 1] })).toThrow(/weekdays/);
    expect(() => clockFor('working', { ...DEMO_CALENDAR, holidays: ['2026/10/01'] })).toThrow(/YYYY-MM-DD/);
  });

  it('follows the calendar time zone, daylight saving included', () => {
    const berlin = clockFor('working', {
      timezone: 'Europe/Berlin',
      workingHours: [['09:00', '17:00']],
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [],
      adjustedWorkdays: [],
    });
    // Clocks go forward on Sunday 2026-03-29: Friday is UTC+1, Monday UTC+2.
    const friday = new Date('2026-03-27T16:30:00+01:00');
    expect(berlin.add(friday, H).toISOString()).toBe('2026-03-30T07:30:00.000Z'); // Monday 09:30 local
    expect(berlin.between(friday, new Date('2026-03-30T10:00:00+02:00'))).toBe(1.5 * H);
    expect(workingMsPerDay({ ...DEMO_CALENDAR, workingHours: [['00:00', '24:00']] })).toBe(24 * H);
  });

  it('counts real elapsed time on a day the clocks change', () => {
    const nights = clockFor('working', {
      timezone: 'Europe/Berlin',
      workingHours: [['01:00', '04:00']],
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
      holidays: [],
      adjustedWorkdays: [],
    });
    const day = (from: string, to: string) => nights.between(new Date(from), new Date(to));
    expect(day('2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(2 * H); // 02:00 → 03:00 skipped
    expect(day('2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(4 * H); // 02:00–03:00 twice
    expect(nights.add(new Date('2026-03-29T00:00:00Z'), 3 * H).toISOString()).toBe('2026-03-30T00:00:00.000Z');
    expect(nights.add(new Date('2026-10-24T12:00:00Z'), 3 * H).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('finds the local date west of Greenwich, where it lags the UTC date', () => {
    const evenings = clockFor('working', {
      timezone: 'America/New_York',
      workingHours: [['18:00', '23:00']],
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: ['2026-03-03'],
      adjustedWorkdays: [],
    });
    const mondayEvening = new Date('2026-03-02T20:00:00-05:00'); // already Tuesday in UTC
    expect(evenings.add(mondayEvening, H).toISOString()).toBe('2026-03-03T02:00:00.000Z');
    // Tuesday is off: 3 h on Monday, then Wednesday 18:00–19:00 local.
    expect(evenings.add(mondayEvening, 4 * H).toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(evenings.between(mondayEvening, new Date('2026-03-03T04:00:00Z'))).toBe(3 * H);
  });
});

describe('working clock: between', () => {
  it('counts only working time across a weekend', () => {
    expect(working.between(sh('2026-03-06 17:00'), sh('2026-03-09 09:00'))).toBe(H);
  });

  it('leaves out the lunch break', () => {
    expect(working.between(sh('2026-03-02 11:00'), sh('2026-03-02 14:00'))).toBe(2 * H);
  });

  it('leaves out holidays and the year end', () => {
    expect(working.between(sh('2025-12-31 17:00'), sh('2026-01-04 09:00'))).toBe(H);
    expect(working.between(sh('2026-02-13 08:30'), sh('2026-02-24 17:30'))).toBe(3 * 8 * H);
  });

  it('is 0 for reversed or equal arguments', () => {
    expect(working.between(sh('2026-03-02 14:00'), sh('2026-03-02 11:00'))).toBe(0);
    expect(working.between(sh('2026-03-02 11:00'), sh('2026-03-02 11:00'))).toBe(0);
    expect(working.between(sh('2026-03-07 09:00'), sh('2026-03-07 17:00'))).toBe(0);
  });
});

describe('natural clock', () => {
  it('is wall-clock arithmetic', () => {
    const saturday = new Date('2026-03-07T12:00:00.000Z');
    expect(natural.add(saturday, iso('PT2S')).toISOString()).toBe('2026-03-07T12:00:02.000Z');
    expect(natural.add(saturday, iso('P1D')).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    expect(natural.add(saturday, 0).toISOString()).toBe(saturday.toISOString());
    expect(natural.between(saturday, new Date('2026-03-08T12:00:00.000Z'))).toBe(24 * H);
    expect(natural.between(new Date('2026-03-08T12:00:00.000Z'), saturday)).toBe(0);
  });
});

describe('working clock against a minute-by-minute oracle over 2026', () => {
  const SEED = Number(process.env.SLA_SEED ?? 20260214);
  const T0 = Date.UTC(2025, 11, 25); // table bounds, with margin around the local year 2026
  const T1 = Date.UTC(2027, 1, 1);
  const YEAR_START = (Date.parse('2026-01-01T00:00:00+08:00') - T0) / MIN;
  const YEAR_END = (Date.parse('2027-01-01T00:00:00+08:00') - T0) / MIN;
  const isWorking = buildOracleTable(DEMO_CALENDAR, T0, T1);

  /** The minute at which `minutes` working minutes after `start` have elapsed, walking one minute at a time. */
  function oracleAdd(start: number, minutes: number): number {
    if (minutes === 0) return start;
    for (let m = start, left = minutes; m < isWorking.length; m++) {
      if (isWorking[m] && --left === 0) return m + 1;
    }
    throw new Error('oracle table too short');
  }

  function oracleBetween(a: number, b: number): number {
    let n = 0;
    for (let m = a; m < b; m++) n += isWorking[m];
    return n;
  }

  const at = (minute: number) => new Date(T0 + minute * MIN);
  const BOUNDARIES = [0, 510, 720, 780, 1050, 1439]; // midnight, 08:30, 12:00, 13:00, 17:30, 23:59 local
  const SLA_MINUTES = [60, 120, 240, 480, 960, 1440]; // PT1H … P3D, the demo categories' limits

  /** A local midnight, 08:30, 12:00, 13:00, 17:30 or 23:59 on the local date of minute `m`. */
  function snapToBoundary(m: number, rand: () => number): number {
    const midnight = m - ((((m - YEAR_START) % 1440) + 1440) % 1440);
    return midnight + BOUNDARIES[Math.floor(rand() * BOUNDARIES.length)];
  }

  /** Uniform minutes of the year, with a share of starts placed on interval boundaries. */
  function randomStart(rand: () => number): number {
    const m = YEAR_START + Math.floor(rand() * (YEAR_END - YEAR_START));
    return rand() < 0.15 ? snapToBoundary(m, rand) : m;
  }

  it('has a sane oracle table', () => {
    const sum = oracleBetween(YEAR_START, YEAR_END);
    // 2026: 248 working days of 8 h (261 weekdays − 19 weekday holidays + 6 worked weekend days).
    expect(sum).toBe(248 * 8 * 60);
  });

  it('add agrees on 10 000 random spans', () => {
    const rand = mulberry32(SEED);
    const diffs: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const start = randomStart(rand);
      const r = rand();
      const minutes = r < 0.03 ? 0 : r < 0.15 ? SLA_MINUTES[Math.floor(rand() * SLA_MINUTES.length)] : Math.floor(rand() * 1441);
      const expected = at(oracleAdd(start, minutes)).toISOString();
      const actual = working.add(at(start), minutes * MIN).toISOString();
      if (actual !== expected) diffs.push(`${at(start).toISOString()} + ${minutes} min: ${actual}, oracle ${expected}`);
      // between undoes add, whatever the start
      if (minutes > 0 && working.between(at(start), new Date(actual)) !== minutes * MIN) {
        diffs.push(`between(${at(start).toISOString()}, ${actual}) is not ${minutes} min`);
      }
    }
    expect({ seed: SEED, count: diffs.length, first: diffs.slice(0, 5) }).toEqual({ seed: SEED, count: 0, first: [] });
  });

  it('between agrees on 10 000 random pairs', () => {
    const rand = mulberry32(SEED + 1);
    const diffs: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const a = randomStart(rand);
      // mostly up to 8 days later, some reversed, a few anywhere in the year; some ends snapped to a boundary
      let b = i < 50 ? randomStart(rand) : a + Math.floor((rand() - 0.1) * 8 * 1440);
      if (rand() < 0.15) b = snapToBoundary(b, rand);
      const expected = b > a ? oracleBetween(a, b) * MIN : 0;
      const actual = working.between(at(a), at(b));
      if (actual !== expected) {
        diffs.push(`between(${at(a).toISOString()}, ${at(b).toISOString()}): ${actual}, oracle ${expected}`);
      }
    }
    expect({ seed: SEED, count: diffs.length, first: diffs.slice(0, 5) }).toEqual({ seed: SEED, count: 0, first: [] });
  });

  it('between undoes add at millisecond precision', () => {
    const rand = mulberry32(SEED + 2);
    const diffs: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const start = new Date(T0 + YEAR_START * MIN + Math.floor(rand() * (YEAR_END - YEAR_START) * MIN));
      const ms = 1 + Math.floor(rand() * 3 * 8 * H);
      const due = working.add(start, ms);
      // the due moment is working time or the very end of an interval
      const inWorkingMinute = isWorking[Math.floor((due.getTime() - 1 - T0) / MIN)] === 1;
      if (working.between(start, due) !== ms || !inWorkingMinute) {
        diffs.push(`${start.toISOString()} + ${ms} ms = ${due.toISOString()}`);
      }
    }
    expect({ seed: SEED, count: diffs.length, first: diffs.slice(0, 5) }).toEqual({ seed: SEED, count: 0, first: [] });
  });
});

/**
 * 1 for each UTC minute in [from, to) that is working time by the naive rule, reading each UTC
 * hour's local date and time from Intl (the zone has whole-hour offsets, so minutes follow).
 */
function buildOracleTable(calendar: WorkingCalendar, from: number, to: number): Uint8Array {
  const table = new Uint8Array((to - from) / MIN);
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: calendar.timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const intervals = calendar.workingHours.map(([a, b]) => [toMinute(a), toMinute(b)]);
  for (let hour = 0; hour * 60 < table.length; hour++) {
    const p = Object.fromEntries(fmt.formatToParts(from + hour * H).map(({ type, value }) => [type, value]));
    if (p.minute !== '00') throw new Error('oracle assumes whole-hour offsets');
    const date = `${p.year}-${p.month}-${p.day}`;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    const workday = calendar.adjustedWorkdays.includes(date) || (calendar.workingWeekdays.includes(weekday) && !calendar.holidays.includes(date));
    if (!workday) continue;
    for (let i = 0; i < 60; i++) {
      const minute = Number(p.hour) * 60 + i;
      if (intervals.some(([a, b]) => minute >= a && minute < b)) table[hour * 60 + i] = 1;
    }
  }
  return table;
}

/** Small seeded PRNG so that failures can be replayed (SLA_SEED=<seed>). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
