/**
 * A project's effect (效果): cases of the (category, grid) pairs of its demands' cited cases, in the 90 days
 * before its start against the days since (capped at 90). Windows are half-open [from, to); rates are per 30
 * days, so a young project's short window compares with the full one before it.
 */
export const EFFECT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface Window {
  from: Date;
  to: Date;
}

export interface WindowFigures {
  from: string;
  to: string;
  days: number;
  count: number;
  /** count / days × 30, two decimals; null for an empty window (a project started this instant). */
  per30Days: number | null;
}

export interface Effect {
  pairs: { categoryCode: string; gridCode: string }[];
  before: WindowFigures;
  after: WindowFigures;
  /** after.per30Days − before.per30Days (negative: fewer cases since the project); null when either is. */
  change: number | null;
  /** change / before.per30Days; null when there were no cases before or the change is unknown. */
  changeRatio: number | null;
}

export function effectWindows(startedAt: Date, now: Date): { before: Window; after: Window } {
  const span = EFFECT_WINDOW_DAYS * DAY_MS;
  const end = Math.max(startedAt.getTime(), Math.min(now.getTime(), startedAt.getTime() + span));
  return { before: { from: new Date(startedAt.getTime() - span), to: startedAt }, after: { from: startedAt, to: new Date(end) } };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function windowFigures(w: Window, count: number): WindowFigures {
  const days = (w.to.getTime() - w.from.getTime()) / DAY_MS;
  return { from: w.from.toISOString(), to: w.to.toISOString(), days: round2(days), count, per30Days: days > 0 ? round2((count / days) * 30) : null };
}

export function effectOf(pairs: Effect['pairs'], windows: { before: Window; after: Window }, counts: { before: number; after: number }): Effect {
  const before = windowFigures(windows.before, counts.before);
  const after = windowFigures(windows.after, counts.after);
  const change = before.per30Days === null || after.per30Days === null ? null : round2(after.per30Days - before.per30Days);
  const changeRatio = change === null || !before.per30Days ? null : round2(change / before.per30Days);
  return { pairs, before, after, change, changeRatio };
}
