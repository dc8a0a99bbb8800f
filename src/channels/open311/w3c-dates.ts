/**
 * GeoReport v2 dates: the W3C profile of ISO 8601 with the time zone always given. Answers carry the
 * district's own offset (`2026-11-22T11:00:00+08:00`), as the spec's examples carry their city's.
 */

import { utcOffsetMs } from '../../sla/working-time';

/** The offset of `timeZone` from UTC at `at`, in minutes (Asia/Shanghai: +480). */
export function offsetMinutes(at: Date, timeZone: string): number {
  return Math.round(utcOffsetMs(timeZone, at.getTime()) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `at` as the district's wall clock with its offset, to the second. */
export function w3cDateTime(at: Date, timeZone: string): string {
  const offset = offsetMinutes(at, timeZone);
  const local = new Date(at.getTime() + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/**
 * A `start_date`/`end_date`: a complete W3C date-time with its zone (`2010-01-01T00:00:00Z`,
 * `…+08:00`, seconds and fractions optional), or a bare date, read as that day's start in the
 * district. Anything else — no zone, impossible days or hours — is null.
 */
export function parseW3cDate(text: string, timeZone: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone, sign, zh, zm] = m;
  const fields = [y, mo, d, h, mi, s].map(Number);
  const [year, month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')));
  if (new Date(wall).getUTCDate() !== day) return null; // 2026-02-30
  if (zone === undefined) {
    // A bare date: the district's midnight (its offset taken at that day's noon, clear of any DST switch).
    return new Date(wall - offsetMinutes(new Date(wall + 12 * 3_600_000), timeZone) * 60_000);
  }
  if (zone === 'Z') return new Date(wall);
  if (Number(zh) > 23 || Number(zm) > 59) return null;
  const offset = (Number(zh) * 60 + Number(zm)) * (sign === '-' ? -1 : 1);
  return new Date(wall - offset * 60_000);
}
