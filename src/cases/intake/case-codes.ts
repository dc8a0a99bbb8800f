import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: tracking codes are read over the phone and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A resident's handle on a report: 10 characters (~49 bits), shown as XXXXX-XXXXX. */
export function newTrackingCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day of `at` in `timezone`, as YYYY-MM-DD. */
export function localDay(at: Date, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timezone, format); // building a formatter costs far more than using one
  }
  return format.format(at);
}

/** The human-readable case code: street, local day (YYYY-MM-DD) and a number from a sequence (XH-CQ-20261123-000042). */
export function caseCode(streetCode: string, day: string, n: number): string {
  return `${streetCode}-${day.replaceAll('-', '')}-${String(n).padStart(6, '0')}`;
}
