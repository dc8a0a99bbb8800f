import { invalid } from '../../common/domain-error';

/** An evaluation period (考核周期): a month, a quarter or a year of the district's calendar. */
export interface Period {
  /** As written: `2026-11`, `2026-Q4` or `2026`. */
  code: string;
  kind: 'month' | 'quarter' | 'year';
  from: Date;
  /** Exclusive. */
  to: Date;
}

const PATTERN = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$/;

/**
 * The period a code names, its bounds at local midnight in a zone with a fixed offset from UTC
 * (Asia/Shanghai is UTC+8 all year: China has kept no daylight saving since 1991).
 */
export function parsePeriod(code: unknown, utcOffsetMinutes = 8 * 60): Period {
  const m = typeof code === 'string' ? PATTERN.exec(code) : null;
  if (!m) throw invalid('period', 'period must be YYYY-MM, YYYY-Qn or YYYY (e.g. 2026-11, 2026-Q4, 2026)');
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) throw invalid('period', 'period must be a year between 2000 and 2100');
  const [kind, first, months]: [Period['kind'], number, number] = m[2]
    ? ['month', Number(m[2]) - 1, 1]
    : m[3]
      ? ['quarter', (Number(m[3]) - 1) * 3, 3]
      : ['year', 0, 12];
  const local = (month: number) => new Date(Date.UTC(year, month, 1) - utcOffsetMinutes * 60_000);
  return { code, kind, from: local(first), to: local(first + months) } as Period;
}

/** The period of one kind that holds an instant (the wall's "this month"). */
export function periodOf(at: Date, kind: Period['kind'], utcOffsetMinutes = 8 * 60): Period {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  const code =
    kind === 'year' ? `${year}` : kind === 'quarter' ? `${year}-Q${Math.floor(month / 3) + 1}` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return parsePeriod(code, utcOffsetMinutes);
}
