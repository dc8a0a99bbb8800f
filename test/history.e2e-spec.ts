import { periodOf } from '../src/evaluation/domain/period';
import { as } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * SEED_HISTORY: the demo city's last 90 days of cases, played through the live write path at their
 * own moments. Two loads with one end: the first serves the assertions on what is served, both the
 * comparison; a second instance on the first database shows it is loaded once.
 */
const UNTIL = new Date(Math.floor(Date.now() / 1000) * 1000);
const DAY = 86_400_000;
const LOAD_TIMEOUT = 180_000;

let t: TestApp;
let loadMs: number;
beforeAll(async () => {
  const started = Date.now();
  t = await createTestApp({ SEED_HISTORY: 'true' }, undefined, { historyUntil: UNTIL });
  loadMs = Date.now() - started;
}, LOAD_TIMEOUT);
afterAll(() => t?.close());

const count = async (sql: string, params?: unknown[]) => (await t.sql<{ n: number }>(`SELECT (${sql})::int AS n`, params))[0].n;

describe('the demo history', () => {
  it('has a demo street’s volume, in every status, over the last 90 days', async () => {
    const rows = await t.sql<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM grid_case GROUP BY 1 ORDER BY 1`);
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    console.log(`history: app start with the history load ${loadMs} ms`, JSON.stringify(by));
    expect(Object.keys(by).sort()).toEqual(['cancelled', 'closed', 'in_progress', 'merged', 'pending', 'resolved']);
    const total = rows.reduce((a, r) => a + r.n, 0);
    expect(total).toBeGreaterThan(900);
    expect(total).toBeLessThan(2000);
    expect(by.closed / total).toBeGreaterThan(0.8);
    const [{ first, last }] = await t.sql<{ first: Date; last: Date }>(`SELECT min(created_at) AS first, max(created_at) AS last FROM grid_case`);
    expect(UNTIL.getTime() - first.getTime()).toBeLessThanOrEqual(91 * DAY);
    expect(UNTIL.getTime() - first.getTime()).toBeGreaterThan(89 * DAY);
    expect(last.getTime()).toBeLessThanOrEqual(UNTIL.getTime());
  });

  it('went through every turn of a case’s life, on the timeline', async () => {
    const types = new Set((await t.sql<{ type: string }>(`SELECT DISTINCT type FROM case_event WHERE at <= $1`, [UNTIL])).map((r) => r.type));
    for (const type of [
      'created',
      'claimed',
      'resolved',
      'verified',
      'reworked',
      'reopened',
      'closed',
      'merged',
      'escalated',
      'whistled',
      'dispatched',
      'cancelled',
      'rated',
      'callback',
      'supervised',
      'task.created',
      'task.claimed',
      'task.completed',
      'task.returned',
      'task.extension_requested',
      'task.extended',
      'task.extension_declined',
      'sla.warning',
      'sla.breached',
    ]) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
    expect(await count(`SELECT count(*) FROM rating WHERE source = 'resident'`)).toBeGreaterThan(30);
    expect(await count(`SELECT count(*) FROM rating WHERE source = 'callback'`)).toBeGreaterThan(30);
    expect(await count(`SELECT count(*) FROM extension WHERE status = 'approved'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM extension WHERE status = 'declined'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM grid_case WHERE priority = 'urgent' AND category_code IN ('0501', '0502', '0506')`)).toBeGreaterThan(0);
  });

  it('stamps every row with the moment of its change, never the moment of loading', async () => {
    expect(await count(`SELECT count(*) FROM case_event WHERE at > $1`, [UNTIL])).toBe(0);
    // A rating and an extension's own rows carry the time of the timeline entry of the same change.
    expect(
      await count(
        `SELECT count(*) FROM rating r WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.at = r.at AND e.type IN ('rated', 'callback'))`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) FROM extension x WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.at = x.requested_at AND e.type = 'task.extension_requested')`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*) FROM extension x WHERE x.decided_at IS NULL OR x.decided_at > $1`, [UNTIL])).toBe(0);
    expect(await count(`SELECT count(*) FROM deadline WHERE started_at > $1 OR stopped_at > $1 OR breached_at > $1`, [UNTIL])).toBe(0);
    // Breaches were processed when they fell due, during the 90 days, not at start.
    const spread = await count(`SELECT count(DISTINCT date_trunc('day', breached_at)) FROM deadline WHERE breached_at IS NOT NULL`);
    expect(spread).toBeGreaterThan(30);
    expect(await count(`SELECT count(*) FROM deadline WHERE breached_at < due_at`)).toBe(0);
  });

  it('leaves some cases open at the end: waiting, in hand, awaiting verification, overdue', async () => {
    expect(await count(`SELECT count(*) FROM grid_case WHERE status IN ('pending', 'in_progress', 'resolved')`)).toBeGreaterThan(10);
    expect(await count(`SELECT count(*) FROM grid_case WHERE status IN ('pending', 'in_progress') AND sla_state = 'breached'`)).toBeGreaterThan(0);
  });

  it('gives the rankings and the wall real figures', async () => {
    const departments = (await as(t, 'street-cq').get('/api/stats/ranking?groupBy=department')).body.items;
    // The departments that carry most of the work (the last 30 days, the ranking's default period).
    const busy = departments.filter((d: { received: number; closed: number }) => d.received >= 3 && d.closed > 0);
    expect(busy.length).toBeGreaterThanOrEqual(4);
    for (const d of busy) {
      expect(d.closureRate).toBeGreaterThan(0);
      expect(d.onTimeRate).not.toBeNull();
      expect(d.avgHandleMinutes).toBeGreaterThan(0);
    }
    expect(departments.some((d: { satisfactionRate: number | null }) => d.satisfactionRate !== null)).toBe(true);
    const streets = (await as(t, 'admin').get('/api/stats/ranking?groupBy=street')).body.items;
    expect(streets.map((s: { code: string }) => s.code).sort()).toEqual(['XH-CQ', 'XH-HN']);
    for (const s of streets) {
      expect(s.received).toBeGreaterThan(0);
      expect(s.closed).toBeGreaterThan(0);
      expect(s.closureRate).toBeGreaterThan(0);
      expect(s.satisfactionRate).not.toBeNull();
    }
    const overview = (await as(t, 'street-cq').get('/api/stats/overview')).body;
    expect(overview.open).toBeGreaterThan(0);
  });

  it('gives last month’s indicators and 631 scorecards real figures, supervision and call-backs included', async () => {
    const last = periodOf(new Date(periodOf(new Date(), 'month').from.getTime() - 1), 'month').code;
    const streets = (await as(t, 'admin').get(`/api/evaluation/indicators?groupBy=street&period=${last}`)).body.items;
    for (const s of streets) expect(s).toMatchObject({ received: expect.any(Number), closed: expect.any(Number) });
    const sum = (k: string) => streets.reduce((n: number, s: Record<string, number>) => n + s[k], 0);
    expect([sum('received'), sum('closed'), sum('rated'), sum('reworked')].every((n) => n > 0)).toBe(true);
    const cards = (await as(t, 'street-cq').get(`/api/evaluation/scorecards?scheme=xh-631&period=${last}`)).body.items;
    const scored = cards.filter((c: { total: number | null }) => c.total !== null);
    expect(scored.length).toBeGreaterThanOrEqual(3);
    expect(scored[0]).toMatchObject({ rank: 1, missing: ['special'] }); // no manual scores in the history
  });

  it('is loaded once: another instance starting on the database loads nothing', async () => {
    const before = await count(`SELECT count(*) FROM grid_case`);
    const second = await createTestApp({ SEED_HISTORY: 'true' }, t);
    try {
      expect(await count(`SELECT count(*) FROM grid_case`)).toBe(before);
    } finally {
      await second.close();
    }
  });

  it(
    'is the same history for the same end: the same codes, statuses and rungs',
    async () => {
      const other = await createTestApp({ SEED_HISTORY: 'true' }, undefined, { historyUntil: UNTIL });
      try {
        // Cases the live sweeper touched after the end (it runs once the history is in) are left out of the comparison.
        const shape = (app: TestApp) =>
          app.sql<{ code: string; status: string; rung: string; later: boolean }>(
            `SELECT code, status, rung, EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.at > $1) AS later FROM grid_case c ORDER BY code`,
            [UNTIL],
          );
        const [a, b] = [await shape(t), await shape(other)];
        expect(b.map((r) => r.code)).toEqual(a.map((r) => r.code));
        const later = new Set([...a, ...b].filter((r) => r.later).map((r) => r.code));
        const settled = (rows: typeof a) => rows.filter((r) => !later.has(r.code)).map((r) => `${r.code} ${r.status} ${r.rung}`);
        expect(settled(b)).toEqual(settled(a));
        expect(settled(a).length).toBeGreaterThan(a.length - 20);
      } finally {
        await other.close();
      }
    },
    LOAD_TIMEOUT,
  );
});
