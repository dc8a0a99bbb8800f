import { as, freshSpotInG1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

// A database of its own, so every count below is exact.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const contact = { name: '王阿姨', phone: '13800138000' };
const STREET = 'street-cq';

describe('the evaluation ranking (考核排名)', () => {
  it('counts received, closed, on time, rework, returns and satisfaction — merged duplicates’ ratings included', async () => {
    // A resident reports dirty road (SR's task at once); a neighbour reports the same spot and is merged.
    const spot = freshSpotInG1();
    const first = await t.http().post('/api/public/reports').send({ categoryCode: '0104', description: '路面油污', location: spot, contact });
    const second = await t.http().post('/api/public/reports').send({ categoryCode: '0104', description: '路面很脏', location: spot, contact });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [master] = await t.sql<{ id: string }>(`SELECT id FROM grid_case WHERE tracking_code = $1`, [first.body.trackingCode]);
    const [merged] = await t.sql<{ duplicate_of: string }>(`SELECT duplicate_of FROM grid_case WHERE tracking_code = $1`, [second.body.trackingCode]);
    expect(merged.duplicate_of).toBe(master.id);

    const task = (await as(t, STREET).get(`/api/cases/${master.id}`)).body.tasks[0];
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/complete`, { note: '已冲洗' })).status).toBe(200);
    expect((await as(t, STREET).post(`/api/cases/${master.id}/verify`, { passed: true, note: 'ok' })).status).toBe(200);

    // The first reporter is unhappy (the case reopens: SR's task is back in hand), SR redoes it, then both are content.
    const rate = (code: string, satisfaction: string) => t.http().post(`/api/public/reports/${code}/rating`).send({ satisfaction });
    expect((await rate(first.body.trackingCode, 'unsatisfied')).body.reopened).toBe(true);
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/complete`, { note: '再次冲洗' })).status).toBe(200);
    expect((await as(t, STREET).post(`/api/cases/${master.id}/verify`, { passed: true, note: 'ok' })).status).toBe(200);
    expect((await rate(first.body.trackingCode, 'satisfied')).status).toBe(201);
    expect((await rate(second.body.trackingCode, 'basic')).status).toBe(201);

    // An inspector's report that SR sends back as not its job.
    const other = await report(t, { categoryCode: '0104' });
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${other.tasks[0].id}/return`, { reason: '非本部门职责' })).status).toBe(200);

    const departments = (await as(t, STREET).get('/api/stats/ranking?groupBy=department')).body.items;
    expect(departments.find((d: any) => d.code === 'SR')).toMatchObject({
      received: 2, // the master's task and the returned one
      closed: 1,
      onTimeRate: 1,
      closureRate: 0.5,
      reworkRate: 1,
      returnRate: 0.5,
      satisfactionRate: 0.6667, // 2 of 3 ratings, the merged reporter's among them
      avgHandleMinutes: expect.any(Number),
    });
    const untouched = departments.find((d: any) => d.code !== 'SR');
    expect(untouched).toMatchObject({ received: 0, closed: 0, onTimeRate: null, closureRate: null, satisfactionRate: null, avgHandleMinutes: null });

    const streets = (await as(t, 'admin').get('/api/stats/ranking?groupBy=street')).body.items;
    expect(streets).toEqual([
      expect.objectContaining({
        code: 'XH-CQ',
        received: 2,
        closed: 1,
        onTimeRate: 1,
        closureRate: 0.5,
        reworkRate: 1,
        returnRate: 0.5,
        satisfactionRate: 0.6667,
      }),
      expect.objectContaining({ code: 'XH-HN', received: 0, closed: 0, satisfactionRate: null }),
    ]);

    // A period that ends before any of it counts nothing.
    const past = (await as(t, STREET).get('/api/stats/ranking?groupBy=department&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z')).body.items;
    expect(past.every((d: any) => d.received === 0 && d.satisfactionRate === null)).toBe(true);
  });
});

describe('the ranking’s scope and period', () => {
  const ranking = async (user: string, query: string) => as(t, user).get(`/api/stats/ranking?${query}`);
  const codes = async (user: string, query: string) => {
    const res = await ranking(user, query);
    expect(res.status).toBe(200);
    return res.body.items.map((i: any) => i.code);
  };

  it('lists only the units inside the caller’s jurisdiction', async () => {
    expect(await codes(STREET, 'groupBy=street')).toEqual(['XH-CQ']);
    expect(await codes('street-hn', 'groupBy=street')).toEqual(['XH-HN']);
    expect(await codes(STREET, 'groupBy=area')).toEqual(['XH-CQ-A1', 'XH-CQ-A2', 'XH-CQ-A3']);
    expect(await codes('area-cq-a1', 'groupBy=area')).toEqual(['XH-CQ-A1']);
    expect(await codes('admin', 'groupBy=area')).toEqual(['XH-CQ-A1', 'XH-CQ-A2', 'XH-CQ-A3', 'XH-HN-A1', 'XH-HN-A2']);
    // Departments: all of them for street, area, display and admin users; its own for a liaison.
    const all = await codes('admin', 'groupBy=department');
    expect(all.length).toBeGreaterThan(5);
    for (const user of [STREET, 'wall-cq', 'area-cq-a1']) expect(await codes(user, 'groupBy=department')).toEqual(all);
    expect(await codes('liaison-sr', 'groupBy=department')).toEqual(['SR']);
  });

  it('counts only the cases inside the caller’s jurisdiction', async () => {
    const sr = async (user: string) => (await ranking(user, 'groupBy=department')).body.items.find((d: any) => d.code === 'SR');
    // The tasks of the first test are on XH-CQ-A1's cases: counted for CQ, its area and SR itself, not for HN or A2.
    expect((await sr(STREET)).received).toBe(2);
    expect((await sr('area-cq-a1')).received).toBe(2);
    expect((await sr('liaison-sr')).received).toBe(2);
    expect((await sr('admin')).received).toBe(2);
    expect(await sr('street-hn')).toMatchObject({ received: 0, closed: 0, satisfactionRate: null });
    expect(await sr('area-cq-a2')).toMatchObject({ received: 0, closed: 0 });
  });

  it('refuses rankings of units above the caller’s jurisdiction (403)', async () => {
    for (const [user, groupBy] of [
      ['area-cq-a1', 'street'],
      ['hood-cq-a1-n01', 'area'],
      ['hood-cq-a1-n01', 'department'],
      ['insp-cq-a1-n01-g1', 'department'],
      ['liaison-sr', 'street'],
      ['liaison-sr', 'area'],
    ]) {
      expect([user, groupBy, (await ranking(user, `groupBy=${groupBy}`)).status]).toEqual([user, groupBy, 403]);
    }
  });

  it('takes at most 366 days, in order (400 naming the field)', async () => {
    const bad = async (query: string, field: string) => {
      const res = await ranking(STREET, `groupBy=department&${query}`);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    };
    await bad('from=1970-01-01T00:00:00Z&to=9999-12-31T00:00:00Z', 'from');
    await bad('from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z', 'from');
    await bad('from=2020-01-01T00:00:00Z', 'from'); // up to now
    await bad('from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'from');
    await bad('from=yesterday', 'from');
    // 366 days exactly (a leap year) is allowed; a period far in the future counts nothing.
    expect((await ranking(STREET, 'groupBy=street&from=2028-01-01T00:00:00Z&to=2029-01-01T00:00:00Z')).status).toBe(200);
    const future = await ranking(STREET, 'groupBy=street&to=9999-12-31T00:00:00Z');
    expect(future.status).toBe(200);
    expect(future.body.items).toEqual([expect.objectContaining({ code: 'XH-CQ', received: 0 })]);
  });
});
