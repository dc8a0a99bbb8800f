import { DEMO_CITY } from '../database/seed/seed-demo-city';
import type { WorkingCalendar } from '../sla/working-time';
import { HISTORY_DAYS, PARTY_STORY } from './history-mix';
import { gridsOf, localMidnight, partyStoryStart, planHistory, type HistoryCategory, type HistoryInput } from './history-plan';

const input = (until: Date, seed = 7): HistoryInput => ({
  seed,
  until,
  calendar: DEMO_CITY.calendar as unknown as WorkingCalendar,
  grids: gridsOf(DEMO_CITY.regions),
  categories: DEMO_CITY.categories as HistoryCategory[],
});

const UNTIL = new Date('2026-12-01T06:30:00Z'); // 14:30 in Shanghai
const plan = planHistory(input(UNTIL));
const acts = plan.flatMap((c) => c.steps.map((s) => s.act.kind));
const count = (kind: string) => acts.filter((k) => k === kind).length;

describe('planHistory', () => {
  it('is the same plan for the same seed and end, and another for another seed', () => {
    expect(JSON.stringify(planHistory(input(UNTIL)))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(planHistory(input(UNTIL, 8)))).not.toBe(JSON.stringify(plan));
  });

  it('covers the 90 days before the end, oldest first, and nothing after it', () => {
    const first = localMidnight(UNTIL, 'Asia/Shanghai') - HISTORY_DAYS * 86_400_000;
    expect(plan[0].at.getTime()).toBeGreaterThanOrEqual(first);
    expect(plan[0].at.getTime()).toBeLessThan(first + 2 * 86_400_000);
    expect(plan.every((c, i) => i === 0 || c.at >= plan[i - 1].at)).toBe(true);
    expect(plan.every((c) => c.at <= UNTIL)).toBe(true);
    expect(plan.some((c) => c.steps.some((s) => s.at > UNTIL))).toBe(true); // the runner leaves those undone: cases still open
  });

  it('has a demo street’s volume and mix', () => {
    expect(plan.length).toBeGreaterThan(1000);
    expect(plan.length).toBeLessThan(2000);
    const sources = new Set(plan.map((c) => c.report.source));
    expect([...sources].sort()).toEqual(['hotline', 'patrol', 'resident', 'wall']);
    expect(new Set(plan.map((c) => c.report.categoryCode)).size).toBe(20);
    expect(plan.filter((c) => c.report.resolvedOnSite).length).toBeGreaterThan(50);
    for (const kind of [
      'claim',
      'resolve',
      'escalate',
      'claimTask',
      'completeTask',
      'returnTask',
      'dispatch',
      'requestExtension',
      'decideExtension',
      'verify',
      'rate',
      'callback',
      'supervise',
      'cancel',
    ]) {
      expect([kind, count(kind)]).toEqual([kind, expect.any(Number)]);
      expect(count(kind)).toBeGreaterThan(0);
    }
    expect(count('returnTask') / count('claimTask')).toBeLessThan(0.15);
  });

  it('has more reports on working days and in working hours', () => {
    const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);
    const daytime = plan.filter((c) => {
      const h = local(c.at).getUTCHours();
      return h >= 8 && h < 18;
    }).length;
    expect(daytime / plan.length).toBeGreaterThan(0.7);
    const weekend = plan.filter((c) => [0, 6].includes(local(c.at).getUTCDay())).length;
    expect(weekend / plan.length).toBeLessThan(0.2);
  });

  it('puts every report inside a grid of the demo city, steps after their report, in order', () => {
    for (const c of plan) {
      expect(c.steps.every((s, i) => s.at >= c.at && (i === 0 || s.at >= c.steps[i - 1].at))).toBe(true);
    }
    const { lat, lng } = plan[0].report.location;
    expect(lat).toBeGreaterThan(31);
    expect(lng).toBeGreaterThan(121);
  });

  it('has the party story’s recurring problem: reported again and again before its project starts, rarely after', () => {
    const start = partyStoryStart(UNTIL, 'Asia/Shanghai');
    expect(start.toISOString()).toBe('2026-10-02T01:00:00.000Z'); // 09:00 local, 60 days before the last day
    const inGrid = (c: (typeof plan)[number]) => c.report.categoryCode === PARTY_STORY.categoryCode && c.report.address.startsWith('长桥一村第1网格');
    const before = plan.filter((c) => inGrid(c) && c.at < start).length;
    const after = plan.filter((c) => inGrid(c) && c.at >= start).length;
    expect(before).toBeGreaterThanOrEqual(PARTY_STORY.reportsBefore);
    // The project's effect compares the 90 days before its start (the history has 30 of them) with the 60 since.
    expect(before / 90).toBeGreaterThan(1.5 * (after / 60));
  });
});
