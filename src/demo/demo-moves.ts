import { inside, type Cast, type Point } from './demo-cast';

/**
 * What the simulated city does next (DEMO_TRAFFIC): pure — the world as the street users see it, the
 * cast, and a random source in; one move out, as the request to make. Which of the people may act on a
 * case follows the case: its holder claims, resolves or raises a hand; the street whistles or
 * dispatches; the summoned departments' liaisons report in, finish or return their tasks; the grid's
 * inspector checks the result; the resident who reported rates it.
 */

/** A case as `GET /api/cases` shows it to the street (the fields the moves read). */
export interface SeenCase {
  id: string;
  status: string;
  rung: string;
  holderRegionCode: string;
  gridCode: string;
  streetCode: string;
  categoryCode: string;
  source: string;
  trackingCode?: string;
  supervisionCount?: number;
  tasks: { id: string; departmentCode: string; status: string; recalled: boolean }[];
}

export interface World {
  cases: SeenCase[];
  /** Tracking codes already rated: a second rating is a 409. */
  rated: ReadonlySet<string>;
}

/** One request: as a demo user (or, with `as: null`, a resident without a token). */
export interface Move {
  /** A word for the summary (`report`, `claim`, `verify` …). */
  kind: string;
  as: string | null;
  path: string;
  body: Record<string, unknown>;
  /** The tracking code a rating is for: remembered, so that it is not rated twice. */
  rates?: string;
}

export type Random = () => number;

/** Open cases at which new reports slow down: the wall should move, not fill up. */
export const BUSY_STREET = 25;
const LADDER = ['grid', 'neighbourhood', 'area', 'street'];
const NOTES = ['已到现场处置', '已清理完毕', '已协调解决', '已整改到位', '已联系相关单位处理'];
const REASONS = ['超出本级处置能力', '需职能部门协同', '涉及多个部门', '群众反映强烈'];
const DESCRIPTIONS = ['路边堆放垃圾', '共享单车乱停放', '小区门口占道经营', '绿化带损坏', '路灯不亮', '井盖缺失', '墙面小广告', '噪声扰民'];

const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(rand() * list.length))];
const chance = (rand: Random, p: number) => rand() < p;

/** The next move, or null when nobody can do anything (no cast). */
export function nextMove(world: World, cast: Cast, rand: Random): Move | null {
  const open = world.cases.filter((c) => ['pending', 'in_progress', 'resolved'].includes(c.status));
  const work = [...open.flatMap((c) => movesOn(c, cast, rand)), ...ratings(world, rand)];
  // The fuller the streets, the likelier someone works rather than reports.
  const fullness = open.length / (BUSY_STREET * Math.max(1, cast.streetOf.size));
  const reportOdds = Math.min(0.9, Math.max(0.1, 1 - fullness));
  if (work.length > 0 && !chance(rand, reportOdds)) return pick(rand, work);
  return newReport(cast, rand) ?? (work.length > 0 ? pick(rand, work) : null);
}

/** What the people of a case could do with it now (one move each; the planner picks among all). */
export function movesOn(c: SeenCase, cast: Cast, rand: Random): Move[] {
  const at = (path: string) => `/api/cases/${c.id}/${path}`;
  const street = cast.streetOf.get(c.streetCode);
  if (c.status === 'resolved') {
    const inspector = cast.inspectorOf.get(c.gridCode) ?? street;
    if (!inspector) return [];
    const passed = chance(rand, 0.85);
    return [{ kind: 'verify', as: inspector, path: at('verify'), body: { passed, note: passed ? '核查通过' : '现场仍有问题，返工' } }];
  }
  // The street presses a case in hand now and then (督办), once.
  if (c.status === 'in_progress' && street && !c.supervisionCount && chance(rand, 0.08)) {
    return [{ kind: 'supervise', as: street, path: at('supervise'), body: { note: '请加快处置', dueIn: 'PT2H' } }];
  }
  if (c.rung === 'department') return taskMoves(c, cast, rand);
  if (!LADDER.includes(c.rung)) return [];
  const holder = cast.holderOf.get(c.holderRegionCode);
  if (!holder) return [];
  if (c.status === 'pending') {
    // Now and then the street takes a case at its own rung and dispatches it down to the grid.
    if (c.rung === 'street' && street && chance(rand, 0.3)) {
      return [{ kind: 'dispatch', as: street, path: at('dispatch'), body: { rung: 'grid', note: '派至网格处置' } }];
    }
    return [{ kind: 'claim', as: holder, path: at('claim'), body: {} }];
  }
  const roll = rand();
  if (roll < 0.7) return [{ kind: 'resolve', as: holder, path: at('resolve'), body: { note: pick(rand, NOTES) } }];
  if (c.rung === 'street') {
    const departmentCodes = cast.categories.find((x) => x.code === c.categoryCode)?.departmentCodes ?? [];
    if (departmentCodes.length === 0) return [{ kind: 'resolve', as: holder, path: at('resolve'), body: { note: pick(rand, NOTES) } }];
    return [{ kind: 'whistle', as: holder, path: at('whistle'), body: { departmentCodes, reason: pick(rand, REASONS) } }];
  }
  return [{ kind: 'escalate', as: holder, path: at('escalate'), body: { reason: pick(rand, REASONS) } }];
}

/** On departments: each live task's liaison reports in (now and then returns it), then finishes it. */
function taskMoves(c: SeenCase, cast: Cast, rand: Random): Move[] {
  return c.tasks
    .filter((t) => !t.recalled && (t.status === 'pending' || t.status === 'claimed'))
    .flatMap((t): Move[] => {
      const liaisons = cast.liaisonsOf.get(t.departmentCode);
      if (!liaisons?.length) return [];
      const as = pick(rand, liaisons);
      const at = (path: string) => `/api/tasks/${t.id}/${path}`;
      if (t.status === 'claimed') return [{ kind: 'completeTask', as, path: at('complete'), body: { note: pick(rand, NOTES) } }];
      if (chance(rand, 0.12)) return [{ kind: 'returnTask', as, path: at('return'), body: { reason: '不属于本部门职责' } }];
      return [{ kind: 'claimTask', as, path: at('claim'), body: {} }];
    });
}

/** Residents rate what they reported once it is closed; most are content. */
function ratings(world: World, rand: Random): Move[] {
  return world.cases
    .filter((c) => c.status === 'closed' && c.source === 'resident' && c.trackingCode && !world.rated.has(c.trackingCode))
    .map((c) => {
      const roll = rand();
      const satisfaction = roll < 0.75 ? 'satisfied' : roll < 0.92 ? 'basic' : 'unsatisfied';
      const code = c.trackingCode!;
      return { kind: 'rate', as: null, path: `/api/public/reports/${encodeURIComponent(code)}/rating`, body: { satisfaction }, rates: code };
    });
}

/** An inspector's patrol report in its grid, or a resident's through the QR page; a few urgent, a few fixed on the spot. */
export function newReport(cast: Cast, rand: Random): Move | null {
  if (cast.grids.length === 0 || cast.categories.length === 0) return null;
  const grid = pick(rand, cast.grids);
  const categoryCode = pick(rand, cast.categories).code;
  const location = pointIn(grid.ring, grid.center, rand);
  const description = pick(rand, DESCRIPTIONS);
  if (chance(rand, 0.35)) {
    return {
      kind: 'residentReport',
      as: null,
      path: '/api/public/reports',
      body: { categoryCode, description: `居民反映：${description}`, location },
    };
  }
  const inspector = cast.inspectorOf.get(grid.code)!;
  return {
    kind: 'report',
    as: inspector,
    path: '/api/cases',
    body: {
      categoryCode,
      description: `巡查发现：${description}`,
      location,
      source: 'patrol',
      priority: chance(rand, 0.12) ? 'urgent' : 'normal',
      ...(chance(rand, 0.06) ? { resolvedOnSite: true } : {}),
    },
  };
}

/** A random point inside the grid (so reports spread out and do not all merge as duplicates); its centre if none is found. */
export function pointIn(ring: [number, number][], center: Point, rand: Random): Point {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (let tries = 0; tries < 20; tries++) {
    // 10 % in from the edges: a point on a boundary may belong to the neighbour.
    const p = {
      lat: +(minLat + (0.1 + 0.8 * rand()) * (maxLat - minLat)).toFixed(6),
      lng: +(minLng + (0.1 + 0.8 * rand()) * (maxLng - minLng)).toFixed(6),
    };
    if (inside(p, ring)) return p;
  }
  return center;
}
