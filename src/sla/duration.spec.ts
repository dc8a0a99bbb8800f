import { formatDuration, isDuration, parseDuration } from './duration';
import { clockFor, workingMsPerDay, type WorkingCalendar } from './working-time';

// The demo city's working hours (fixtures/demo-city.json); its holidays do not matter for lengths.
const DEMO_CALENDAR: WorkingCalendar = {
  timezone: 'Asia/Shanghai',
  workingHours: [
    ['08:30', '12:00'],
    ['13:00', '17:30'],
  ],
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: [],
  adjustedWorkdays: [],
};

const H = 3_600_000;

describe('parseDuration', () => {
  it.each([
    ['PT15M', { days: 0, hours: 0, minutes: 15, seconds: 0 }],
    ['PT4H', { days: 0, hours: 4, minutes: 0, seconds: 0 }],
    ['P1D', { days: 1, hours: 0, minutes: 0, seconds: 0 }],
    ['P2DT4H', { days: 2, hours: 4, minutes: 0, seconds: 0 }],
    ['P1DT2H30M15S', { days: 1, hours: 2, minutes: 30, seconds: 15 }],
    ['PT2S', { days: 0, hours: 0, minutes: 0, seconds: 2 }],
    ['PT0.5S', { days: 0, hours: 0, minutes: 0, seconds: 0.5 }],
    ['PT1H30M', { days: 0, hours: 1, minutes: 30, seconds: 0 }],
    ['PT90M', { days: 0, hours: 0, minutes: 90, seconds: 0 }],
    ['PT0S', { days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['P20D', { days: 20, hours: 0, minutes: 0, seconds: 0 }],
    ['P366D', { days: 366, hours: 0, minutes: 0, seconds: 0 }],
  ])('accepts %s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
    expect(isDuration(text)).toBe(true);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    'T1H',
    '1H',
    'P1Y',
    'P1M',
    'P1W',
    'P1Y2M3D',
    'P-1D',
    'PT-4H',
    '-PT4H',
    'pt4h',
    'PT4h',
    'PT4H ',
    ' PT4H',
    'PT4.5H',
    'PT0.5M',
    'PT.5S',
    'PT5.S',
    'PT0,5S',
    'PT4M3H',
    'P1H',
    'PT1D',
    'P1D2D',
    'PT4H4H',
    'P367D',
    'PT8785H',
    'P99999999999999999999D',
    'PT1e3S',
    '4 hours',
    'garbage',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
    expect(isDuration(text)).toBe(false);
  });

  it('rejects what is not a string', () => {
    expect(isDuration(undefined as unknown as string)).toBe(false);
    expect(isDuration(4 as unknown as string)).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each(['PT15M', 'PT4H', 'P1D', 'P2DT4H', 'PT2S', 'PT0.5S', 'P1DT2H30M15S', 'PT0S', 'PT25H'])('round-trips %s', (text) =>
    expect(formatDuration(parseDuration(text)!)).toBe(text),
  );

  it('does not fold hours into days', () => {
    expect(formatDuration({ days: 0, hours: 24, minutes: 0, seconds: 0 })).toBe('PT24H');
  });
});

describe('toMs', () => {
  const working = clockFor('working', DEMO_CALENDAR);
  const natural = clockFor('natural', DEMO_CALENDAR);
  const ms = (clock: typeof working, text: string) => clock.toMs(parseDuration(text)!);

  it('counts a working day as the working hours of one day (8 h for the demo hours)', () => {
    expect(workingMsPerDay(DEMO_CALENDAR)).toBe(8 * H);
    expect(ms(working, 'P1D')).toBe(8 * H);
    expect(ms(working, 'P2DT4H')).toBe(20 * H);
    expect(ms(working, 'P20D')).toBe(160 * H);
  });

  it('counts a natural day as 24 h', () => {
    expect(ms(natural, 'P1D')).toBe(24 * H);
    expect(ms(natural, 'P2DT4H')).toBe(52 * H);
  });

  it('counts hours, minutes and seconds alike on both clocks', () => {
    for (const clock of [working, natural]) {
      expect(ms(clock, 'PT4H')).toBe(4 * H);
      expect(ms(clock, 'PT15M')).toBe(15 * 60_000);
      expect(ms(clock, 'PT2S')).toBe(2000);
      expect(ms(clock, 'PT0.5S')).toBe(500);
      expect(ms(clock, 'PT0S')).toBe(0);
    }
  });
});
