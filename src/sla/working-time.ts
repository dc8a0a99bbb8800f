import type { Duration } from './duration';

/** The street's working calendar: when SLA clocks on working time run. */
export interface WorkingCalendar {
  /** IANA zone the hours and dates below are local to, e.g. 'Asia/Shanghai'. */
  timezone: string;
  /** Local 'HH:MM' intervals, e.g. [['08:30','12:00'],['13:00','17:30']]. */
  workingHours: [string, string][];
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingWeekdays: number[];
  /** 'YYYY-MM-DD' local dates off even on a working weekday. */
  holidays: string[];
  /** 'YYYY-MM-DD' local dates worked although on the weekend (调休). */
  adjustedWorkdays: string[];
}

export type CalendarKind = 'working' | 'natural';

export interface Clock {
  /** The moment `duration` of this clock's time after `start`. */
  add(start: Date, duration: Duration | number): Date;
  /** How much of this clock's time (ms) lies between a and b (0 if b <= a). */
  between(a: Date, b: Date): number;
  /** Length of a duration in this clock's ms: P1D is one working day on a working clock, 24 h on a natural one. */
  toMs(duration: Duration): number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A working clock that finds no working time for this many days in a row gives up. */
const MAX_IDLE_DAYS = 400;

/** One working clock per calendar object, so its cache of working days serves every caller. */
const workingClocks = new WeakMap<WorkingCalendar, WorkingClock>();

export function clockFor(kind: CalendarKind, calendar: WorkingCalendar): Clock {
  if (kind === 'natural') return naturalClock;
  let clock = workingClocks.get(calendar);
  if (!clock) workingClocks.set(calendar, (clock = new WorkingClock(calendar)));
  return clock;
}

/** Working ms in one full working day (8 h for 08:30–12:00 + 13:00–17:30). */
export function workingMsPerDay(calendar: WorkingCalendar): number {
  return parseHours(calendar.workingHours).reduce((sum, [from, to]) => sum + (to - from) * MINUTE, 0);
}

function durationMs(d: Duration, msPerDay: number): number {
  return Math.round(d.days * msPerDay + d.hours * HOUR + d.minutes * MINUTE + d.seconds * 1000);
}

function spanMs(duration: Duration | number, msPerDay: number): number {
  const ms = typeof duration === 'number' ? Math.round(duration) : durationMs(duration, msPerDay);
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot add a negative or non-finite duration (${ms} ms)`);
  return ms;
}

function instant(date: Date): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  return t;
}

const naturalClock: Clock = {
  add: (start, duration) => new Date(instant(start) + spanMs(duration, DAY)),
  between: (a, b) => Math.max(0, instant(b) - instant(a)),
  toMs: (duration) => durationMs(duration, DAY),
};

/** One local date's working time: UTC [start, end) pairs, flattened, and their total. */
type WorkDay = { spans: number[]; total: number };

class WorkingClock implements Clock {
  private readonly zone: Zone;
  private readonly hours: [number, number][];
  private readonly weekdays: Set<number>;
  private readonly holidays: Set<string>;
  private readonly adjusted: Set<string>;
  private readonly msPerDay: number;
  private readonly days = new Map<number, WorkDay>();

  constructor(calendar: WorkingCalendar) {
    this.zone = zoneFor(calendar.timezone);
    this.hours = parseHours(calendar.workingHours);
    this.msPerDay = workingMsPerDay(calendar);
    this.weekdays = new Set(calendar.workingWeekdays);
    this.holidays = new Set(calendar.holidays);
    this.adjusted = new Set(calendar.adjustedWorkdays);
    // A date in another shape would silently never match, so refuse it.
    if ([...this.weekdays].some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new Error('Working weekdays must be 1 (Mon) to 7 (Sun)');
    }
    const odd = [...this.holidays, ...this.adjusted].find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (odd !== undefined) throw new Error(`Calendar dates must be 'YYYY-MM-DD', got '${odd}'`);
  }

  toMs(duration: Duration): number {
    return durationMs(duration, this.msPerDay);
  }

  add(start: Date, duration: Duration | number): Date {
    const t = instant(start);
    let left = spanMs(duration, this.msPerDay);
    if (left === 0) return new Date(t);
    // A moment's local date is its UTC date give or take one; begin a day early and skip what is past.
    let idle = 0;
    for (let day = Math.floor(t / DAY) - 1; ; day++) {
      const { spans, total } = this.day(day);
      idle = total > 0 ? 0 : idle + 1;
      if (idle > MAX_IDLE_DAYS) {
        throw new Error(`Working calendar has no working time within ${MAX_IDLE_DAYS} days of ${start.toISOString()}`);
      }
      if (spans.length > 0 && spans[0] >= t && total < left) {
        left -= total; // the whole day fits: step over it
        continue;
      }
      for (let i = 0; i < spans.length; i += 2) {
        const from = Math.max(spans[i], t);
        const available = spans[i + 1] - from;
        if (available <= 0) continue;
        // `<=`: a span ending exactly at the end of an interval ends there, not after the break.
        if (left <= available) return new Date(from + left);
        left -= available;
      }
    }
  }

  between(a: Date, b: Date): number {
    const from = instant(a);
    const to = instant(b);
    let sum = 0;
    for (let day = Math.floor(from / DAY) - 1; day <= Math.floor(to / DAY) + 1 && from < to; day++) {
      const { spans, total } = this.day(day);
      if (spans.length > 0 && spans[0] >= from && spans[spans.length - 1] <= to) {
        sum += total;
        continue;
      }
      for (let i = 0; i < spans.length; i += 2) {
        sum += Math.max(0, Math.min(spans[i + 1], to) - Math.max(spans[i], from));
      }
    }
    return sum;
  }

  /** Working time of local date `day` (days since 1970-01-01), cached. */
  private day(day: number): WorkDay {
    let cached = this.days.get(day);
    if (cached) return cached;
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
    const working = this.adjusted.has(date) || (this.weekdays.has(weekday) && !this.holidays.has(date));
    const spans: number[] = [];
    let total = 0;
    if (working) {
      for (const [fromMin, toMin] of this.hours) {
        // Clamp so that intervals stay ordered even on a day the clocks change.
        const from = Math.max(this.zone.toUtc(day, fromMin), spans[spans.length - 1] ?? -Infinity);
        const to = this.zone.toUtc(day, toMin);
        if (to <= from) continue;
        spans.push(from, to);
        total += to - from;
      }
    }
    cached = { spans, total };
    if (this.days.size > 20_000) this.days.clear(); // a long-lived clock must not grow without bound
    this.days.set(day, cached);
    return cached;
  }
}

/** 'HH:MM' intervals as sorted [fromMinute, toMinute) pairs; throws on anything malformed. */
function parseHours(hours: [string, string][]): [number, number][] {
  const minute = (hhmm: string) => {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/.exec(hhmm);
    if (!m) throw new Error(`Working hours must be 'HH:MM', got '${hhmm}'`);
    return m[1] === undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
  };
  const parsed = (hours ?? []).map(([from, to]): [number, number] => {
    if (minute(to) <= minute(from)) throw new Error(`Working interval ${from}–${to} ends before it starts`);
    return [minute(from), minute(to)];
  });
  parsed.sort((x, y) => x[0] - y[0]);
  if (parsed.some(([from], i) => i > 0 && from < parsed[i - 1][1])) throw new Error('Working intervals overlap');
  return parsed;
}

/** A time zone's local dates and times, with offsets cached per local date. */
class Zone {
  private readonly format: Intl.DateTimeFormat;
  /** Local date → the UTC offset (ms) in force all that day, or NaN when the offset changes during it. */
  private readonly offsets = new Map<number, number>();

  constructor(readonly name: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    } catch {
      throw new Error(`Unknown time zone '${name}' in the working calendar`);
    }
  }

  /** The UTC instant of local minute `minute` on local date `day`. */
  toUtc(day: number, minute: number): number {
    const local = day * DAY + minute * MINUTE;
    const offset = this.dayOffset(day);
    if (!Number.isNaN(offset)) return local - offset;
    // The offset changes this day: guess, then correct once with the offset found at the guess.
    const guess = local - this.offsetAt(local);
    return local - this.offsetAt(guess);
  }

  private dayOffset(day: number): number {
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      // Local date `day` lies within these UTC bounds for every offset from -14 h to +14 h.
      const before = this.offsetAt(day * DAY - 14 * HOUR);
      const after = this.offsetAt((day + 1) * DAY + 14 * HOUR);
      offset = before === after ? before : NaN;
      if (this.offsets.size > 20_000) this.offsets.clear();
      this.offsets.set(day, offset);
    }
    return offset;
  }

  /** UTC offset (ms) in force at instant `t`, read from the formatter's 'GMT+08:00'. */
  offsetAt(t: number): number {
    const m = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/.exec(this.format.format(t));
    if (!m) throw new Error(`Cannot read the UTC offset of ${this.name}`);
    if (!m[1]) return 0;
    const ms = Number(m[2]) * HOUR + Number(m[3] ?? 0) * MINUTE + Number(m[4] ?? 0) * 1000;
    return m[1] === '-' ? -ms : ms;
  }
}

/** The UTC offset (ms) in force in time zone `zone` at instant `t` (Asia/Shanghai: 8 h). */
export function utcOffsetMs(zone: string, t: number): number {
  return zoneFor(zone).offsetAt(t);
}

// Building a formatter costs ~0.1 ms, so zones (and their offset caches) are shared by all clocks.
const zones = new Map<string, Zone>();
function zoneFor(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) zones.set(name, (zone = new Zone(name)));
  return zone;
}
