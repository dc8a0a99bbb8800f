import { addCounts, avgHandleMinutes, ratesOf, ZERO } from './indicators';

describe('indicator rates', () => {
  const c = {
    ...ZERO,
    received: 8,
    closed: 6,
    closedOnTime: 5,
    reworked: 1,
    returned: 2,
    rated: 3,
    satisfied: 1,
    basic: 1,
    unsatisfied: 1,
    handleMinutes: 130,
  };

  it('follows the contract’s definitions', () => {
    expect(ratesOf(c)).toEqual({
      closureRate: 0.75, // 6 / 8
      onTimeRate: 0.8333, // 5 / 6
      reworkRate: 0.1667, // 1 / 6
      returnRate: 0.25, // 2 / 8
      satisfactionRate: 0.6667, // (satisfied + basic) / rated
      urgentOnTimeRate: null,
    });
    expect(avgHandleMinutes(c)).toBe(22);
  });

  it('is null where there is nothing to divide by', () => {
    expect(ratesOf(ZERO)).toEqual({
      closureRate: null,
      onTimeRate: null,
      reworkRate: null,
      returnRate: null,
      satisfactionRate: null,
      urgentOnTimeRate: null,
    });
    expect(avgHandleMinutes(ZERO)).toBeNull();
  });

  it('adds up parts exactly', () => {
    expect(addCounts(c, { ...ZERO, received: 2, urgentReceived: 1, urgentClosed: 1, urgentClosedOnTime: 1 })).toEqual({
      ...c,
      received: 10,
      urgentReceived: 1,
      urgentClosed: 1,
      urgentClosedOnTime: 1,
    });
    expect(ratesOf(addCounts(c, { ...ZERO, urgentClosed: 2, urgentClosedOnTime: 1 })).urgentOnTimeRate).toBe(0.5);
  });
});
