import { as, G1, near, report } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * GET /api/stats/hotspots on a fixture of known report times: cases come in through the one intake,
 * then their report time is moved back by SQL (the only way to have last month's reports in a test).
 */
let t: TestApp;
const G2 = 'XH-CQ-A1-N01-G2';
const HN = 'XH-HN-A1-N01-G1';
const DAY = 86_400_000;

/** Moves a case's report time `days` back from now. */
const reportedDaysAgo = (id: string, days: number) =>
  t.sql(`UPDATE grid_case SET created_at = $2, updated_at = $2 WHERE id = $1`, [id, new Date(Date.now() - days * DAY)]);

const fx: { g1Rubbish: string[]; g1Old: string; g1Cancelled: string; g1Bikes: string[]; g2Rubbish: string[]; hnRubbish: string[] } = {
  g1Rubbish: [],
  g1Old: '',
  g1Cancelled: '',
  g1Bikes: [],
  g2Rubbish: [],
  hnRubbish: [],
};

beforeAll(async () => {
  t = await createTestApp();
  // G1 · 0101 暴露垃圾: five reports in the last 30 days (the fifth a merged duplicate of the fourth),
  // one 40 days ago, one cancelled (an invalid report counts for nothing).
  const first = await report(t, { categoryCode: '0101' });
  const second = await report(t, { categoryCode: '0101' });
  const third = await report(t, { categoryCode: '0101' });
  const fourth = await report(t, { categoryCode: '0101' });
  const duplicate = await report(t, { categoryCode: '0101', location: fourth.location });
  expect(duplicate.status).toBe('merged');
  await reportedDaysAgo(first.id, 10);
  await reportedDaysAgo(second.id, 5);
  await reportedDaysAgo(third.id, 20); // reported before the first: caseIds follow report time, not creation
  await reportedDaysAgo(fourth.id, 2);
  await reportedDaysAgo(duplicate.id, 1);
  fx.g1Rubbish = [third.id, first.id, second.id, fourth.id, duplicate.id];
  const old = await report(t, { categoryCode: '0101' });
  await reportedDaysAgo(old.id, 40);
  fx.g1Old = old.id;
  const invalid = await report(t, { categoryCode: '0101' });
  expect((await as(t, 'street-cq').post(`/api/cases/${invalid.id}/cancel`, { reason: '无效上报' })).status).toBe(200);
  fx.g1Cancelled = invalid.id;

  // G1 · 0405 非机动车乱停放: three; G2 · 0101: three; 湖南路 G1 · 0101: six (five merged into the first).
  for (let i = 0; i < 3; i++) fx.g1Bikes.push((await report(t, { categoryCode: '0405' })).id);
  for (let i = 0; i < 3; i++) fx.g2Rubbish.push((await report(t, { categoryCode: '0101', location: near(G2, i * 100) }, 'street-cq')).id);
  for (let i = 0; i < 6; i++) fx.hnRubbish.push((await report(t, { categoryCode: '0101', location: near(HN) }, 'street-hn')).id);
  for (const [i, id] of fx.hnRubbish.entries()) await reportedDaysAgo(id, 3 - i * 0.1);
}, 60_000);
afterAll(() => t?.close());

const get = async (user: string, query = '') => (await as(t, user).get(`/api/stats/hotspots${query}`)) as { status: number; body: any };

describe('GET /api/stats/hotspots', () => {
  it('counts the reports of one category in one grid in the window, merged duplicates in, cancelled out, cases oldest first', async () => {
    const res = await get('street-cq');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          gridCode: G1,
          categoryCode: '0101',
          count: 5,
          caseIds: fx.g1Rubbish,
          lastReportedAt: expect.any(String),
          demandId: null,
        },
      ],
    });
    const [hotspot] = res.body.items;
    const [latest] = await t.sql<{ at: Date }>(`SELECT created_at AS at FROM grid_case WHERE id = $1`, [fx.g1Rubbish[4]]);
    expect(hotspot.lastReportedAt).toBe(latest.at.toISOString());
  });

  it('widens with days and lowers with min; most reports first, then the most recent', async () => {
    const wide = await get('street-cq', '?days=60&min=3');
    expect(wide.status).toBe(200);
    expect(wide.body.items.map((i: any) => [i.gridCode, i.categoryCode, i.count])).toEqual([
      [G1, '0101', 6],
      // Three each: G2's were reported after G1's bikes (the last one of each decides).
      [G2, '0101', 3],
      [G1, '0405', 3],
    ]);
    expect(wide.body.items[0].caseIds).toEqual([fx.g1Old, ...fx.g1Rubbish]);
    expect(wide.body.items[2].caseIds).toEqual(fx.g1Bikes);
    // Two days back: the fourth report and its duplicate, plus the fresh ones.
    const recent = await get('street-cq', '?days=3&min=2');
    expect(recent.body.items.map((i: any) => [i.gridCode, i.categoryCode, i.count])).toEqual([
      [G2, '0101', 3],
      [G1, '0405', 3],
      [G1, '0101', 2],
    ]);
    expect((await get('street-cq', '?min=6')).body.items).toEqual([]);
  });

  it('looks in the caller’s own region by default and in any region of its jurisdiction when asked', async () => {
    const hood = await get('hood-cq-a1-n01');
    expect(hood.status).toBe(200);
    expect(hood.body.items.map((i: any) => i.gridCode)).toEqual([G1]);
    expect((await get('hood-cq-a1-n01', `?regionCode=${G2}&min=3`)).body.items.map((i: any) => [i.gridCode, i.count])).toEqual([[G2, 3]]);
    expect((await get('wall-cq')).body.items.map((i: any) => i.count)).toEqual([5]); // the wall of the street
    const hn = await get('street-hn');
    expect(hn.body.items.map((i: any) => [i.gridCode, i.categoryCode, i.count])).toEqual([[HN, '0101', 6]]);
    expect(hn.body.items[0].caseIds).toEqual(fx.hnRubbish);
    const district = await get('admin');
    expect(district.body.items.map((i: any) => [i.gridCode, i.count])).toEqual([
      [HN, 6],
      [G1, 5],
    ]);
    expect((await get('admin', '?regionCode=XH-CQ')).body.items.map((i: any) => i.gridCode)).toEqual([G1]);
  });

  it('answers 404 for a region outside the caller’s jurisdiction and an unknown one, 403 for a liaison', async () => {
    for (const [user, region] of [
      ['hood-cq-a1-n01', 'XH-HN'],
      ['hood-cq-a1-n01', 'XH-CQ'], // its own street is above it
      ['hood-cq-a1-n01', 'XH-CQ-A1-N02'],
      ['street-hn', 'XH-CQ'],
      ['wall-cq', HN],
      ['insp-cq-a1-n01-g1', G2],
    ]) {
      const res = await get(user, `?regionCode=${region}`);
      expect([user, region, res.status]).toEqual([user, region, 404]);
    }
    expect((await get('liaison-sr')).status).toBe(403);
    expect((await get('liaison-sr', '?regionCode=XH-CQ')).status).toBe(403);
    const unknown = await get('street-cq', '?regionCode=XH-NOPE');
    expect(unknown.status).toBe(404);
  });

  it('answers 400 naming the field for days outside 1..365, min outside 2..1000, and anything not a whole number', async () => {
    const bad: [string, string][] = [
      ['days=0', 'days'],
      ['days=366', 'days'],
      ['days=1.5', 'days'],
      ['days=thirty', 'days'],
      ['days=', 'days'],
      ['min=1', 'min'],
      ['min=1001', 'min'],
      ['min=five', 'min'],
      ['regionCode=', 'regionCode'],
      ['limit=3', 'limit'],
    ];
    for (const [query, field] of bad) {
      const res = await get('street-cq', `?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
    }
    expect((await get('street-cq', '?days=1&min=2')).status).toBe(200);
    expect((await get('street-cq', '?days=365&min=1000')).status).toBe(200);
  });

  it('shows the demand made of it: the most recently raised one citing any of its cases that is not done', async () => {
    const [hotspot] = (await get('hood-cq-a1-n01')).body.items;
    // One call turns the hotspot into a demand that carries its cases.
    const made = await as(t, 'hood-cq-a1-n01').post('/api/demands', {
      regionCode: 'XH-CQ-A1-N01',
      class: '环境整治',
      title: '长桥一村垃圾反复暴露',
      caseIds: hotspot.caseIds,
    });
    expect(made.status).toBe(201);
    const open = made.body.id as string;
    const demandOf = async (query = '') =>
      Object.fromEntries((await get('street-cq', query)).body.items.map((i: any) => [`${i.gridCode}/${i.categoryCode}`, i.demandId]));
    expect(await demandOf()).toEqual({ [`${G1}/0101`]: open });

    // Older, newer, finished and later demands as the party lists would hold them (their transitions are not this test's).
    await t.sql(`UPDATE party_demand SET created_at = now() - interval '48 hours' WHERE id = $1`, [open]);
    const [hood] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'hood-cq-a1-n01'`);
    const demand = async (status: string, hoursAgo: number, caseIds: string[]) => {
      const at = new Date(Date.now() - hoursAgo * 3_600_000);
      const [d] = await t.sql<{ id: string }>(
        `INSERT INTO party_demand (region_code, class, title, status, raised_by, created_at, updated_at)
         VALUES ('XH-CQ-A1-N01', '环境整治', '垃圾反复暴露', $1, $2, $3, $3) RETURNING id`,
        [status, hood.id, at],
      );
      for (const c of caseIds) await t.sql(`INSERT INTO party_demand_case (demand_id, case_id) VALUES ($1, $2)`, [d.id, c]);
      return d.id;
    };
    await demand('done', 1, [fx.g1Rubbish[0]]); // more recent, but finished
    expect(await demandOf()).toEqual({ [`${G1}/0101`]: open });
    const claimed = await demand('claimed', 24, [fx.g1Rubbish[4]]);
    expect(await demandOf('?min=3')).toEqual({ [`${G1}/0101`]: claimed, [`${G2}/0101`]: null, [`${G1}/0405`]: null });
    // A demand citing only last month's report belongs to the 60-day hotspot, not to the 30-day one.
    const older = await demand('in_project', 0.5, [fx.g1Old]);
    expect((await demandOf())[`${G1}/0101`]).toBe(claimed);
    expect((await demandOf('?days=60'))[`${G1}/0101`]).toBe(older);
  });

  it('serves at most the latest 100 caseIds (what one demand may cite), counting them all', async () => {
    const grid = 'XH-HN-A1-N01-G2';
    const ids: string[] = [];
    for (let batch = 0; batch < 11; batch++) {
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, i) => report(t, { categoryCode: '0603', location: near(grid, (batch * 10 + i) * 3) }, 'street-hn')),
      );
      for (const [i, c] of made.entries()) {
        await reportedDaysAgo(c.id, 20 - batch - i / 100); // a known order: batch by batch, each in its order
        ids.push(c.id);
      }
    }
    const res = await get('street-hn', '?min=100');
    expect(res.body.items.map((i: any) => [i.gridCode, i.categoryCode, i.count])).toEqual([[grid, '0603', 110]]);
    expect(res.body.items[0].caseIds).toEqual(ids.slice(10));
    const made = await as(t, 'hood-hn-a1-n01').post('/api/demands', {
      regionCode: 'XH-HN-A1-N01',
      class: '环境整治',
      title: '夜间噪声',
      caseIds: res.body.items[0].caseIds,
    });
    expect(made.status).toBe(201);
    expect((await get('street-hn', '?min=100')).body.items[0].demandId).toBe(made.body.id);
  });
});
