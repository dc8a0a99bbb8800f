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

    const streets = (await as(t, STREET).get('/api/stats/ranking?groupBy=street')).body.items;
    expect(streets).toEqual([
      expect.objectContaining({ code: 'XH-CQ', received: 2, closed: 1, onTimeRate: 1, closureRate: 0.5, reworkRate: 1, returnRate: 0.5, satisfactionRate: 0.6667 }),
      expect.objectContaining({ code: 'XH-HN', received: 0, closed: 0, satisfactionRate: null }),
    ]);

    // A period that ends before any of it counts nothing.
    const past = (await as(t, STREET).get('/api/stats/ranking?groupBy=department&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z')).body.items;
    expect(past.every((d: any) => d.received === 0 && d.satisfactionRate === null)).toBe(true);
  });
});
