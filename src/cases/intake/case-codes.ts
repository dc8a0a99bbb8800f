import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** No 0/O, 1/I/L: tracking codes are read over the phone and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A resident's handle on a report: 10 characters (~49 bits), shown as XXXXX-XXXXX. */
export function newTrackingCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The local calendar day of `at` in `timezone`, as YYYY-MM-DD. */
export function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The next human-readable case code of a street and day (XH-CQ-20261123-0042). The counter row is
 * locked by the upsert until the transaction ends, so concurrent intakes never share a number.
 */
export async function nextCaseCode(em: EntityManager, streetCode: string, day: string): Promise<string> {
  const [{ last }] = await em.query(
    `INSERT INTO case_counter (street_code, day, last) VALUES ($1, $2, 1)
     ON CONFLICT (street_code, day) DO UPDATE SET last = case_counter.last + 1
     RETURNING last`,
    [streetCode, day],
  );
  return `${streetCode}-${day.replaceAll('-', '')}-${String(last).padStart(4, '0')}`;
}
