/**
 * ISO 8601 durations as the SLA clocks use them: days, hours, minutes and seconds only.
 * Years, months and weeks are refused on purpose: their length in working time is ambiguous.
 */
export interface Duration {
  days: number;
  hours: number;
  minutes: number;
  /** May be fractional (`PT0.5S`). */
  seconds: number;
}

/** Longest duration accepted, measured in wall-clock time; anything longer is a typo, not an SLA. */
export const MAX_DURATION_SECONDS = 366 * 24 * 3600;

// P[nD][T[nH][nM][n(.n)S]], upper case only; the T part, when present, must name something.
const PATTERN = /^P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The duration `text` denotes, or null when it is not one the SLA clocks accept. */
export function parseDuration(text: string): Duration | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const m = PATTERN.exec(text);
  if (!m || text === 'P') return null;
  const [days, hours, minutes, seconds] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
  if (!Number.isFinite(total) || total > MAX_DURATION_SECONDS) return null;
  return { days, hours, minutes, seconds };
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== null;
}

/**
 * The ISO form of `d`, fields as given. Hours are never folded into days: on a working clock
 * 24 hours and one day are different lengths.
 */
export function formatDuration(d: Duration): string {
  const time = (d.hours ? `${d.hours}H` : '') + (d.minutes ? `${d.minutes}M` : '') + (d.seconds ? `${d.seconds}S` : '');
  if (!d.days && !time) return 'PT0S';
  return `P${d.days ? `${d.days}D` : ''}${time ? `T${time}` : ''}`;
}
