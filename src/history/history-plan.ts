import type { CaseSource } from '../cases/case.entity';
import type { Point } from '../cases/domain/duplicates';
import type { Responsibility } from '../cases/domain/routing';
import type { Priority, SlaPolicy } from '../catalog/category.entity';
import { policyFor } from '../sla/clock-plan';
import { parseDuration } from '../sla/duration';
import { clockFor, utcOffsetMs, type WorkingCalendar } from '../sla/working-time';
import {
  CATEGORY_WEIGHTS,
  DESCRIPTIONS,
  HISTORY_DAYS,
  PARTY_STORY,
  PATROL_HOURS,
  REPORTS_PER_DAY,
  RESIDENT_HOURS,
  SOURCES,
  SURNAMES,
  TURNS,
} from './history-mix';
import { SeededRandom } from './seeded-random';
import { storyOf } from './history-stories';

/**
 * The demo history as a plan, purely: which reports arrive when, and what everyone does to each case
 * afterwards, and when. Nothing here touches a database; history-runner.ts plays the plan through the
 * service's own write path, and whatever the plan did not foresee (a deadline that climbed a case
 * first) is decided there by the machine, as it would be live.
 */

/** What someone does to a case; the runner finds who (the holder, the street, the department's liaison) from the case as it is then. */
export type Act =
  | { kind: 'claim' | 'resolve' | 'escalate' | 'cancel' | 'supervise' }
  | { kind: 'verify'; passed: boolean }
  | { kind: 'claimTask' | 'completeTask' | 'returnTask'; departmentCode: string }
  | { kind: 'dispatch'; departmentCode: string }
  | { kind: 'requestExtension'; departmentCode: string; duration: string }
  | { kind: 'decideExtension'; departmentCode: string; approved: boolean }
  | { kind: 'rate'; satisfaction: Satisfaction }
  | { kind: 'callback'; reached: boolean; satisfaction?: Satisfaction };

export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied';

export interface Step {
  at: Date;
  act: Act;
}

export interface PlannedReport {
  categoryCode: string;
  description: string;
  location: Point;
  address: string;
  source: CaseSource;
  priority?: Priority;
  reporter?: { name: string; phone: string };
  resolvedOnSite?: boolean;
}

export interface PlannedCase {
  at: Date;
  report: PlannedReport;
  /** Who takes it in: the grid's inspector (patrol), the street's operator (hotline, wall), or nobody (a resident). */
  takenInBy: { role: 'inspector' | 'street'; regionCode: string } | null;
  steps: Step[];
}

export interface HistoryGrid {
  code: string;
  name: string;
  streetCode: string;
  /** The grid's outer ring, [lng, lat] pairs (GeoJSON). */
  ring: [number, number][];
}

export type HistoryCategory = Responsibility & { code: string; name: string; priority: Priority; sla: SlaPolicy };

export interface HistoryInput {
  seed: number;
  /** The history's last moment: the days before its local day, and that day up to it. */
  until: Date;
  calendar: WorkingCalendar;
  grids: HistoryGrid[];
  categories: HistoryCategory[];
}

const DAY_MS = 86_400_000;

/** Every report of the days before `until` (and of its own day, up to it), oldest first, with its story. */
export function planHistory(input: HistoryInput): PlannedCase[] {
  const rnd = new SeededRandom(input.seed);
  const working = clockFor('working', input.calendar);
  const firstDay = localMidnight(input.until, input.calendar.timezone) - HISTORY_DAYS * DAY_MS;
  const weights = Object.fromEntries(input.categories.map((c) => [c.code, CATEGORY_WEIGHTS[c.code] ?? 1]));
  const byCode = new Map(input.categories.map((c) => [c.code, c]));
  const cases: PlannedCase[] = [];
  for (let day = firstDay; day <= input.until.getTime(); day += DAY_MS) {
    const isWorking = working.between(new Date(day), new Date(day + DAY_MS)) > 0;
    const [lo, hi] = isWorking ? REPORTS_PER_DAY.working : REPORTS_PER_DAY.rest;
    for (let i = rnd.int(lo, hi); i > 0; i--) {
      const source = rnd.weighted(SOURCES);
      // Patrols and the wall keep office hours on working days; on rest days only the duty patrol goes out.
      const staffed = source === 'patrol' || source === 'wall';
      const at = new Date(day + hourOf(rnd, staffed ? PATROL_HOURS : RESIDENT_HOURS) + rnd.int(0, 3_599_999));
      const category = byCode.get(rnd.weighted(weights))!;
      const grid = rnd.pick(input.grids);
      cases.push(...reportsOf(rnd, { at, source, category, grid }, input.calendar));
    }
  }
  // Drawn after the days, so that the random mix is the same with or without the story.
  cases.push(...recurringProblem(rnd, input, firstDay));
  return cases.filter((c) => c.at <= input.until).sort((a, b) => +a.at - +b.at);
}

/** The moment the party story's project starts (PARTY_STORY): 09:00 local, `startDaysBeforeEnd` days before the last day. */
export function partyStoryStart(until: Date, timezone: string): Date {
  return new Date(localMidnight(until, timezone) - PARTY_STORY.startDaysBeforeEnd * DAY_MS + 9 * 3_600_000);
}

/**
 * The party story's recurring problem: its reports spread evenly (a random day in each stretch) over the
 * history's first days up to a few days before the demand, and a few in the weeks after the start. None
 * when the city has no such category or grid.
 */
function recurringProblem(rnd: SeededRandom, input: HistoryInput, firstDay: number): PlannedCase[] {
  const category = input.categories.find((c) => c.code === PARTY_STORY.categoryCode);
  const grid = input.grids.find((g) => g.code === PARTY_STORY.gridCode);
  if (!category || !grid) return [];
  const start = partyStoryStart(input.until, input.calendar.timezone).getTime();
  const stretches: [number, number, number][] = [
    [firstDay, start - 4 * DAY_MS, PARTY_STORY.reportsBefore],
    [start + 5 * DAY_MS, start + 35 * DAY_MS, PARTY_STORY.reportsAfter],
  ];
  const cases: PlannedCase[] = [];
  for (const [from, to, n] of stretches) {
    for (let i = 0; i < n; i++) {
      const day = localMidnight(new Date(from + ((to - from) * (i + rnd.next())) / n), input.calendar.timezone);
      const source = rnd.weighted(SOURCES);
      const hours = source === 'patrol' || source === 'wall' ? PATROL_HOURS : RESIDENT_HOURS;
      const at = new Date(day + hourOf(rnd, hours) + rnd.int(0, 3_599_999));
      cases.push(...reportsOf(rnd, { at, source, category, grid }, input.calendar));
    }
  }
  return cases;
}

interface Arrival {
  at: Date;
  source: CaseSource;
  category: HistoryCategory;
  grid: HistoryGrid;
}

/** A report and its story, and the duplicate someone else sends while it is still open. */
function reportsOf(rnd: SeededRandom, { at, source, category, grid }: Arrival, calendar: WorkingCalendar): PlannedCase[] {
  const location = pointIn(rnd, grid.ring);
  const resident = source === 'resident' || source === 'hotline';
  const priority = category.code === '0504' && rnd.chance(TURNS.urgentReport) ? ('urgent' as const) : undefined;
  const report: PlannedReport = {
    categoryCode: category.code,
    description: rnd.pick(DESCRIPTIONS[category.code] ?? [category.name]),
    location,
    address: `${grid.name}${rnd.int(1, 60)}号附近`,
    source,
    ...(priority ? { priority } : {}),
    ...(resident
      ? { reporter: { name: `${rnd.pick(SURNAMES)}${rnd.chance(0.5) ? '先生' : '女士'}`, phone: `13${rnd.int(100_000_000, 999_999_999)}` } }
      : {}),
    ...(source === 'patrol' && rnd.chance(TURNS.resolvedOnSite) ? { resolvedOnSite: true } : {}),
  };
  const takenInBy =
    source === 'patrol'
      ? { role: 'inspector' as const, regionCode: grid.code }
      : source === 'resident'
        ? null
        : { role: 'street' as const, regionCode: grid.streetCode };
  const steps = report.resolvedOnSite ? [] : storyOf(rnd, { at, category, source, priority: priority ?? category.priority, calendar });
  const planned: PlannedCase[] = [{ at, report, takenInBy, steps }];
  // The duplicate arrives before the first report is closed, so that intake merges it.
  const closing = steps.find((s) => s.act.kind === 'verify' || s.act.kind === 'cancel')?.at;
  if (resident && closing && rnd.chance(TURNS.duplicate)) {
    const dupAt = new Date(at.getTime() + rnd.between(0.2, 0.8) * Math.min(+closing - +at, 20 * 3_600_000));
    const near = { lat: location.lat + rnd.between(-0.0001, 0.0001), lng: location.lng + rnd.between(-0.0001, 0.0001) };
    const reporter = { name: `${rnd.pick(SURNAMES)}女士`, phone: `13${rnd.int(100_000_000, 999_999_999)}` };
    planned.push({ at: dupAt, report: { ...report, location: near, source: 'resident', reporter }, takenInBy: null, steps: [] });
  }
  return planned;
}

function hourOf(rnd: SeededRandom, weights: number[]): number {
  return Number(rnd.weighted(Object.fromEntries(weights.map((w, h) => [String(h), w])))) * 3_600_000;
}

/** A point inside the ring (rejection sampling in its bounding box; the centre of the box after 50 misses). */
export function pointIn(rnd: SeededRandom, ring: [number, number][]): Point {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  // Kept a little inside the edge, so that a duplicate a few metres off stays in the same grid.
  const inset = (lo: number, hi: number) => [lo + (hi - lo) * 0.05, hi - (hi - lo) * 0.05] as const;
  const [lng0, lng1] = inset(minLng, maxLng);
  const [lat0, lat1] = inset(minLat, maxLat);
  for (let i = 0; i < 50; i++) {
    const p = { lng: rnd.between(lng0, lng1), lat: rnd.between(lat0, lat1) };
    if (inside(ring, p)) return round(p);
  }
  return round({ lng: (minLng + maxLng) / 2, lat: (minLat + maxLat) / 2 });
}

const round = (p: Point): Point => ({ lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 });

function inside(ring: [number, number][], { lat, lng }: Point): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** The UTC instant of the local midnight that begins `at`'s day in `timezone`. */
export function localMidnight(at: Date, timezone: string): number {
  const offset = utcOffsetMs(timezone, at.getTime());
  return Math.floor((at.getTime() + offset) / DAY_MS) * DAY_MS - offset;
}

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  boundary?: { coordinates: number[][][] } | null;
}

/** The grids of a region list (the demo city file's), each with its street. */
export function gridsOf(regions: RegionRow[]): HistoryGrid[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const streetOf = (r: RegionRow): string => (r.level === 'street' || !r.parentCode ? r.code : streetOf(byCode.get(r.parentCode)!));
  return regions
    .filter((r) => r.level === 'grid' && r.boundary)
    .map((r) => ({ code: r.code, name: r.name, streetCode: streetOf(r), ring: r.boundary!.coordinates[0] as [number, number][] }));
}

/**
 * The shortest wall-clock time from a clock's start to its first warning or due time, over every
 * category's policy (normal and urgent): working time only stretches it, so its length in clock ms
 * is a lower bound. The runner needs no look at the deadlines for that long after it wrote some.
 */
export function soonestDeadline(categories: HistoryCategory[], calendar: WorkingCalendar): number {
  let soonest = Infinity;
  for (const c of categories) {
    for (const policy of [policyFor(c.sla, 'normal'), policyFor(c.sla, 'urgent')]) {
      const clock = clockFor(policy.calendar, calendar);
      const ratio = policy.warnRatio > 0 && policy.warnRatio < 1 ? policy.warnRatio : 1;
      for (const iso of [policy.claim, policy.handle, policy.verify, ...Object.values(policy.ladder)]) {
        const d = parseDuration(iso);
        if (d) soonest = Math.min(soonest, Math.floor(clock.toMs(d) * ratio) - 1000);
      }
    }
  }
  return Math.max(0, soonest);
}
