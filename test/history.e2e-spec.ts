import demoParty from '../src/database/seed/demo-party.json';
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
    expect(scored[0].rank).toBe(1);
    // No manual scores in the history; which unit has ratings in a month depends on the history's end
    // (a unit without any is scored on its routine work alone, and may rank first), but some have both.
    type Card = { missing: string[] };
    expect(scored.every((c: Card) => c.missing.includes('special'))).toBe(true);
    expect(scored.some((c: Card) => c.missing.length === 1)).toBe(true);
  });

  it('is loaded once: another instance starting on the database loads nothing', async () => {
    const before = await count(`SELECT count(*) FROM grid_case`);
    const party = `SELECT (SELECT count(*) FROM party_demand) + (SELECT count(*) FROM party_claim) + (SELECT count(*) FROM party_meeting)`;
    const partyBefore = await count(party);
    const second = await createTestApp({ SEED_HISTORY: 'true' }, t);
    try {
      expect(await count(`SELECT count(*) FROM grid_case`)).toBe(before);
      expect(await count(party)).toBe(partyBefore);
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

  describe('its party building (区域化党建)', () => {
    const STORY = { categoryCode: '0404', gridCode: 'XH-CQ-A1-N01-G1' };
    type Demand = { id: string; regionCode: string; status: string; caseIds: string[]; createdAt: string; claim: { side: string } | null };
    let demands: Demand[];
    let fireLanes: Demand;
    beforeAll(async () => {
      demands = (await as(t, 'admin').get('/api/demands')).body.items;
      fireLanes = demands.find((d) => d.caseIds.length > 0)!;
    });

    it('has demands of both demo streets, one made from a recurring problem of the history, citing its cases', async () => {
      expect(demands.length).toBeGreaterThanOrEqual(3);
      expect(demands.length).toBeLessThanOrEqual(5);
      expect(new Set(demands.map((d) => d.regionCode.slice(0, 5)))).toEqual(new Set(['XH-CQ', 'XH-HN']));
      expect(new Set(demands.map((d) => d.status))).toEqual(new Set(['open', 'claimed', 'done']));
      expect(fireLanes).toMatchObject({ regionCode: 'XH-CQ-A1-N01', status: 'done' });
      // The cases the hotspot query gave that morning: one category in one grid, at least five, all reported before.
      const cited = await t.sql<{ category_code: string; grid_code: string; created_at: Date }>(
        `SELECT category_code, grid_code, created_at FROM grid_case WHERE id = ANY($1::uuid[])`,
        [fireLanes.caseIds],
      );
      expect(cited.length).toBe(fireLanes.caseIds.length);
      expect(cited.length).toBeGreaterThanOrEqual(5);
      expect(new Set(cited.map((c) => `${c.category_code} ${c.grid_code}`))).toEqual(new Set([`${STORY.categoryCode} ${STORY.gridCode}`]));
      expect(cited.every((c) => c.created_at < new Date(fireLanes.createdAt))).toBe(true);
    });

    it('has resources of the demo units and claims both ways, stamped in the 90 days', async () => {
      const resources = (await as(t, 'admin').get('/api/resources')).body.items as { unitCode: string; claimed: number }[];
      const units = new Set(demoParty.units.map((u) => u.code));
      expect(resources.length).toBeGreaterThanOrEqual(3);
      expect(resources.every((r) => units.has(r.unitCode))).toBe(true);
      expect(resources.some((r) => r.claimed > 0)).toBe(true);
      const claims = await t.sql<{ side: string; demand: boolean; resource: boolean }>(
        `SELECT side, demand_id IS NOT NULL AS demand, resource_id IS NOT NULL AS resource FROM party_claim WHERE status = 'live'`,
      );
      expect(claims).toEqual(
        expect.arrayContaining([
          { side: 'unit', demand: true, resource: true }, // the bank takes up the fire lanes with its car park
          { side: 'unit', demand: true, resource: false },
          { side: 'region', demand: true, resource: true }, // a neighbourhood takes the hospital's clinics for its demand
          { side: 'region', demand: false, resource: true },
        ]),
      );
      expect(fireLanes.claim).toMatchObject({ side: 'unit', unitCode: 'icbc-cq' });
      const stamps = `SELECT created_at AS at FROM party_demand UNION ALL SELECT updated_at FROM party_demand UNION ALL SELECT created_at FROM party_resource
        UNION ALL SELECT claimed_at FROM party_claim UNION ALL SELECT created_at FROM party_project UNION ALL SELECT finished_at FROM party_project
        UNION ALL SELECT completed_at FROM party_project_milestone UNION ALL SELECT created_at FROM party_meeting UNION ALL SELECT recorded_at FROM party_meeting_minutes`;
      const [{ first, last }] = await t.sql<{ first: Date; last: Date }>(`SELECT min(at) AS first, max(at) AS last FROM (${stamps}) s`);
      expect(last.getTime()).toBeLessThan(UNTIL.getTime());
      expect(UNTIL.getTime() - first.getTime()).toBeLessThan(90 * DAY);
    });

    it('has a finished project made of that demand, whose effect shows fewer such cases since its start than in the 90 days before', async () => {
      const done = (await as(t, 'street-cq').get('/api/projects?status=done')).body.items;
      expect(done).toHaveLength(1);
      const p = (await as(t, 'street-cq').get(`/api/projects/${done[0].id}`)).body;
      console.log(`history: the party project's effect ${JSON.stringify(p.effect)}`);
      expect(p).toMatchObject({ status: 'done', demandIds: [fireLanes.id], leadUnitCode: 'icbc-cq', partnerUnitCodes: ['wy-cq'] });
      const started = new Date(p.startedAt).getTime();
      expect(UNTIL.getTime() - started).toBeGreaterThan(59 * DAY);
      expect(UNTIL.getTime() - started).toBeLessThan(61 * DAY);
      expect(p.milestones.length).toBeGreaterThan(0);
      for (const m of p.milestones) {
        expect(new Date(m.completedAt).getTime()).toBeGreaterThan(started);
        expect(new Date(m.completedAt).getTime()).toBeLessThanOrEqual(new Date(p.finishedAt).getTime());
      }
      expect(p.effect.pairs).toEqual([STORY]);
      // Before: the month of repeated reports (the history's first 30 days) in a 90-day window; after: the 60 days since.
      expect(p.effect.before.count).toBeGreaterThanOrEqual(10);
      expect(p.effect.after.count).toBeLessThan(p.effect.before.count / 2);
      expect(p.effect.after.per30Days).toBeLessThan(p.effect.before.per30Days);
      expect(p.effect.change).toBeLessThan(0);
      expect(p.effect.changeRatio).toBeLessThan(-0.2);
    });

    it('has the street’s joint meeting on the demand and the project, its decisions on the public notices, with no personal data', async () => {
      const meetings = (await as(t, 'street-cq').get('/api/meetings')).body.items;
      expect(meetings).toHaveLength(1);
      const [m] = meetings;
      const project = (await as(t, 'street-cq').get('/api/projects?status=done')).body.items[0];
      expect(m).toMatchObject({ regionCode: 'XH-CQ', kind: 'joint' });
      expect(m.agenda).toEqual(
        expect.arrayContaining([expect.objectContaining({ demandId: fireLanes.id }), expect.objectContaining({ projectId: project.id })]),
      );
      expect(new Date(m.minutes.recordedAt).getTime()).toBeGreaterThan(new Date(m.scheduledAt).getTime());
      expect(new Date(m.scheduledAt).getTime()).toBeLessThan(new Date(project.startedAt).getTime());

      const res = await t.http().get('/api/public/regions/XH-CQ-A1-N01/notices');
      expect(res.status).toBe(200);
      expect(res.body.projects).toContainEqual(expect.objectContaining({ id: project.id, status: 'done', leadUnit: '工商银行长桥支行' }));
      const decisions = res.body.decisions.filter((d: { meetingId: string }) => d.meetingId === m.id);
      expect(decisions.length).toBe(m.minutes.decisions.length);
      expect(decisions.length).toBeGreaterThanOrEqual(1);
      for (const d of decisions) expect(d).toMatchObject({ kind: 'joint', regionCode: 'XH-CQ', votesFor: expect.any(Number) });
      const body = JSON.stringify(res.body);
      expect(body).not.toMatch(/1[3-9]\d{9}/); // no phone number
      for (const secret of [...demoParty.units.map((u) => u.contact.name), 'contact', 'attendees', 'raisedBy', 'street-cq'])
        expect([secret, body.includes(secret)]).toEqual([secret, false]);
    });
  });
});
