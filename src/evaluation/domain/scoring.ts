import type { RateName, Scheme, SchemeComponent } from './scheme';
import { metricScore } from './scheme';

/** What a unit brings to the scoring: its rates for the period and its manual scores by component. */
export interface UnitFigures {
  code: string;
  name: string;
  rates: Record<RateName, number | null>;
  manual: Record<string, number>;
}

export interface ComponentScore {
  key: string;
  name: string;
  weight: number;
  /** The weight after the missing components' weight was shared out; 0 when this one is missing. */
  effectiveWeight: number;
  score: number | null;
}

/** A unit's scorecard (考核成绩): total, rank among the units scored together, and its parts. */
export interface Scorecard {
  code: string;
  name: string;
  total: number | null;
  rank: number | null;
  components: ComponentScore[];
  /** The keys of the components left out for want of data. */
  missing: string[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A weighted average that leaves out the parts without data and scales the others' weights up, so
 * that a unit is judged on what it was measured on. Null when no part has data.
 */
function weighted<T>(parts: { weight: number; score: number | null; part: T }[]) {
  const present = parts.filter((p) => p.score !== null);
  const total = present.reduce((n, p) => n + p.weight, 0);
  if (present.length === 0 || total === 0) return { score: null, share: () => 0 };
  return {
    score: present.reduce((n, p) => n + p.weight * p.score!, 0) / total,
    share: (p: { weight: number; score: number | null }) => (p.score === null ? 0 : p.weight / total),
  };
}

function componentScore(c: SchemeComponent, unit: UnitFigures): number | null {
  if (c.manual) return unit.manual[c.key] ?? null;
  return weighted((c.metrics ?? []).map((m) => ({ weight: m.weight, score: metricScore(m.metric, unit.rates[m.metric]), part: m }))).score;
}

function cardOf(scheme: Scheme, unit: UnitFigures): Omit<Scorecard, 'rank'> {
  const parts = scheme.components.map((c) => ({ weight: c.weight, score: componentScore(c, unit), part: c }));
  const total = weighted(parts);
  return {
    code: unit.code,
    name: unit.name,
    total: total.score === null ? null : round2(total.score),
    components: parts.map((p) => ({
      key: p.part.key,
      name: p.part.name,
      weight: p.weight,
      effectiveWeight: Math.round(total.share(p) * 10_000) / 10_000,
      score: p.score === null ? null : round2(p.score),
    })),
    missing: parts.filter((p) => p.score === null).map((p) => p.part.key),
  };
}

/**
 * The scheme's cards for every unit, best first. Equal totals share a rank and the next rank skips
 * (1, 2, 2, 4), as league tables do; units with no data at all come last, unranked.
 */
export function scoreCards(scheme: Scheme, units: UnitFigures[]): Scorecard[] {
  const cards = units.map((u) => cardOf(scheme, u));
  cards.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.code.localeCompare(b.code));
  return cards.map((c) => ({ ...c, rank: c.total === null ? null : 1 + cards.filter((o) => o.total !== null && o.total > c.total!).length }));
}
