/** What indicators are grouped by: the departments, or one level of regions below the district. */
export const UNIT_KINDS = ['department', 'street', 'area', 'neighbourhood', 'grid'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A unit's counts for a period (API.md, Evaluation): what the rates are made of. */
export interface Counts {
  received: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  returned: number;
  extended: number;
  supervised: number;
  rated: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  urgentReceived: number;
  urgentClosed: number;
  urgentClosedOnTime: number;
  handleMinutes: number;
}

export interface Rates {
  closureRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  returnRate: number | null;
  satisfactionRate: number | null;
  /** 紧急案件按期率: urgent cases are counted apart (the 15-minute response circle). */
  urgentOnTimeRate: number | null;
}

export const ZERO: Counts = {
  received: 0,
  closed: 0,
  closedOnTime: 0,
  reworked: 0,
  returned: 0,
  extended: 0,
  supervised: 0,
  rated: 0,
  satisfied: 0,
  basic: 0,
  unsatisfied: 0,
  urgentReceived: 0,
  urgentClosed: 0,
  urgentClosedOnTime: 0,
  handleMinutes: 0,
};

/** Every figure is a count (or a sum), so a region's are its grids' added up. */
export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const k of Object.keys(ZERO) as (keyof Counts)[]) out[k] = a[k] + b[k];
  return out;
}

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/** The contract's rates, 0..1 to four places, null where the denominator is zero. */
export function ratesOf(c: Counts): Rates {
  return {
    closureRate: rate(c.closed, c.received),
    onTimeRate: rate(c.closedOnTime, c.closed),
    reworkRate: rate(c.reworked, c.closed),
    returnRate: rate(c.returned, c.received),
    satisfactionRate: rate(c.satisfied + c.basic, c.rated),
    urgentOnTimeRate: rate(c.urgentClosedOnTime, c.urgentClosed),
  };
}

/** Average minutes from receipt to close, whole minutes; null with nothing closed. */
export const avgHandleMinutes = (c: Counts) => (c.closed > 0 ? Math.round(c.handleMinutes / c.closed) : null);
