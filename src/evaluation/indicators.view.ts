import type { UnitCounts } from '../stats/indicators.service';
import { avgHandleMinutes, ratesOf } from '../stats/indicators';

/** One unit's line of `GET /api/evaluation/indicators`: its counts, the contract's rates, and the urgent ones apart. */
export function indicatorItem({ code, name, counts: c }: UnitCounts) {
  return {
    code,
    name,
    received: c.received,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    reworked: c.reworked,
    returned: c.returned,
    extended: c.extended,
    supervised: c.supervised,
    rated: c.rated,
    satisfied: c.satisfied,
    basic: c.basic,
    unsatisfied: c.unsatisfied,
    urgentReceived: c.urgentReceived,
    urgentClosedOnTime: c.urgentClosedOnTime,
    ...ratesOf(c),
    avgHandleMinutes: avgHandleMinutes(c),
  };
}
