import type { FieldError } from '../../common/domain-error';
import type { UnitKind } from '../../stats/indicators';

/** The rates a scheme may weigh: the indicators' rates (API.md, Evaluation). */
export const RATE_NAMES = ['closureRate', 'onTimeRate', 'reworkRate', 'returnRate', 'satisfactionRate'] as const;
export type RateName = (typeof RATE_NAMES)[number];

/** Rates where less is better: they score 100 × (1 − rate). */
const LOWER_IS_BETTER: ReadonlySet<RateName> = new Set(['reworkRate', 'returnRate']);

export interface SchemeComponent {
  key: string;
  name: string;
  weight: number;
  metrics?: { metric: RateName; weight: number }[];
  manual?: true;
}

/** A weighted evaluation scheme (考核方案), e.g. Xuhui's 631. */
export interface Scheme {
  code: string;
  name: string;
  groupBy: UnitKind;
  components: SchemeComponent[];
}

/** Weights are typed by people: they may be off by this much and still sum to one. */
const TOLERANCE = 0.001;

/**
 * What is wrong with a scheme beyond its shape (the DTO checks types): weights that do not sum to one,
 * a component both manual and measured or neither, a key or metric used twice.
 */
export function schemeErrors(s: Omit<Scheme, 'code'>): FieldError[] {
  const errors: FieldError[] = [];
  const sumsToOne = (ws: number[]) => Math.abs(ws.reduce((a, b) => a + b, 0) - 1) <= TOLERANCE;
  if (!sumsToOne(s.components.map((c) => c.weight))) errors.push({ field: 'components', message: 'component weights must sum to 1 (±0.001)' });
  const keys = new Set<string>();
  s.components.forEach((c, i) => {
    const at = `components[${i}]`;
    if (keys.has(c.key)) errors.push({ field: `${at}.key`, message: `key "${c.key}" is used twice` });
    keys.add(c.key);
    const measured = c.metrics !== undefined && c.metrics.length > 0;
    if (measured === (c.manual === true)) {
      errors.push({ field: at, message: 'a component has either metrics or manual: true, not both and not neither' });
      return;
    }
    if (!c.metrics) return;
    if (!sumsToOne(c.metrics.map((m) => m.weight))) errors.push({ field: `${at}.metrics`, message: 'metric weights must sum to 1 (±0.001)' });
    const seen = new Set<string>();
    c.metrics.forEach((m, j) => {
      if (seen.has(m.metric)) errors.push({ field: `${at}.metrics[${j}].metric`, message: `metric "${m.metric}" is used twice` });
      seen.add(m.metric);
    });
  });
  return errors;
}

/** One metric's score: 100 × rate, or 100 × (1 − rate) where less is better; null without data. */
export function metricScore(metric: RateName, rate: number | null): number | null {
  if (rate === null) return null;
  return 100 * (LOWER_IS_BETTER.has(metric) ? 1 - rate : rate);
}
