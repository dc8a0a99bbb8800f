import { periodOf } from '../src/evaluation/domain/period';
import demoCity from '../src/database/seed/demo-city.json';
import { as, report } from './support/api';
import { waitFor } from './support/fast-ladder';
import { createTestApp, TestApp } from './support/test-app';

// A database of its own, so every count below is exact.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await fixture();
});
afterAll(() => t?.close());

const STREET = 'street-cq';
const HOOD = 'hood-cq-a1-n01';
const SR = 'liaison-sr';
const month = periodOf(new Date(), 'month').code;

/** A neighbourhood-entry case (0101) handled and verified: closed. */
async function closed(body: Record<string, unknown> = {}) {
  const c = await report(t, { categoryCode: '0101', ...body }, STREET);
  expect((await as(t, HOOD).post(`/api/cases/${c.id}/claim`)).status).toBe(200);
  expect((await as(t, HOOD).post(`/api/cases/${c.id}/resolve`, { note: '已处置' })).status).toBe(200);
  expect((await as(t, STREET).post(`/api/cases/${c.id}/verify`, { passed: true, note: '核查通过' })).status).toBe(200);
  return c;
}
const callback = async (id: string, satisfaction: string) =>
  expect((await as(t, STREET).post(`/api/cases/${id}/callback`, { reached: true, satisfaction })).status).toBe(201);

/**
 * Six cases in grid G1 of XH-CQ this month:
 * A closed, called back satisfied · B SR's task, extended, done, closed, called back basic · C SR's task returned ·
 * D supervised, open · E urgent, closed · F closed, called back unsatisfied (reopened: rework), closed again.
 */
async function fixture() {
  const a = await closed({ source: 'hotline', reporter: { phone: '13900000001' } });
  await callback(a.id, 'satisfied');

  const b = await report(t, { categoryCode: '0104' });
  const task = b.tasks[0];
  expect((await as(t, SR).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
  const ext = await as(t, SR).post(`/api/tasks/${task.id}/extension`, { duration: 'P1D', reason: '需协调' });
  expect((await as(t, STREET).post(`/api/extensions/${ext.body.id}/decide`, { approved: true })).status).toBe(200);
  expect((await as(t, SR).post(`/api/tasks/${task.id}/complete`, { note: '已冲洗' })).status).toBe(200);
  expect((await as(t, STREET).post(`/api/cases/${b.id}/verify`, { passed: true, note: 'ok' })).status).toBe(200);
  await callback(b.id, 'basic');

  const c = await report(t, { categoryCode: '0104' });
  expect((await as(t, SR).post(`/api/tasks/${c.tasks[0].id}/return`, { reason: '非本部门职责' })).status).toBe(200);

  const d = await report(t, { categoryCode: '0101' });
  expect((await as(t, STREET).post(`/api/cases/${d.id}/supervise`, { note: '请加快处置' })).status).toBe(201);

  await closed({ priority: 'urgent' });

  const f = await closed();
  await callback(f.id, 'unsatisfied');
  expect((await as(t, HOOD).post(`/api/cases/${f.id}/resolve`, { note: '再次处置' })).status).toBe(200);
  expect((await as(t, STREET).post(`/api/cases/${f.id}/verify`, { passed: true, note: 'ok' })).status).toBe(200);
}

const indicators = (user: string, groupBy: string, period = month) =>
  as(t, user).get(`/api/evaluation/indicators?groupBy=${groupBy}&period=${period}`);

const XH_CQ = {
  code: 'XH-CQ',
  received: 6,
  closed: 4,
  closedOnTime: 4,
  reworked: 1,
  returned: 1,
  extended: 1,
  supervised: 1,
  rated: 3,
  satisfied: 1,
  basic: 1,
  unsatisfied: 1,
  urgentReceived: 1,
  urgentClosedOnTime: 1,
  closureRate: 0.6667,
  onTimeRate: 1,
  reworkRate: 0.25,
  returnRate: 0.1667,
  satisfactionRate: 0.6667,
  urgentOnTimeRate: 1,
};
const NOTHING = { received: 0, closed: 0, rated: 0, supervised: 0, closureRate: null, onTimeRate: null, satisfactionRate: null };

describe('GET /api/evaluation/indicators', () => {
  it('counts a street’s month exactly, and the district’s other street has nothing', async () => {
    const res = await indicators('admin', 'street');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: month, groupBy: 'street', from: expect.any(String), to: expect.any(String) });
    expect(res.body.items).toEqual([expect.objectContaining(XH_CQ), expect.objectContaining({ code: 'XH-HN', ...NOTHING })]);
  });

  it('adds grids up to every level: the grid, its neighbourhood and area say the same', async () => {
    const { code: _code, ...figures } = XH_CQ;
    for (const [level, code] of [
      ['area', 'XH-CQ-A1'],
      ['neighbourhood', 'XH-CQ-A1-N01'],
      ['grid', 'XH-CQ-A1-N01-G1'],
    ]) {
      const items = (await indicators(STREET, level)).body.items;
      expect(items.find((i: { code: string }) => i.code === code)).toMatchObject(figures);
      expect(items.filter((i: { received: number }) => i.received > 0)).toHaveLength(1);
    }
  });

  it('counts a department’s tasks: received, done, returned, extended, and the ratings of its cases', async () => {
    const items = (await indicators(STREET, 'department')).body.items;
    expect(items.find((i: { code: string }) => i.code === 'SR')).toEqual(
      expect.objectContaining({
        received: 2,
        closed: 1,
        closedOnTime: 1,
        reworked: 0,
        returned: 1,
        extended: 1,
        supervised: 0,
        rated: 1, // B's basic; C's task was sent back, so C is not SR's
        satisfied: 0,
        basic: 1,
        unsatisfied: 0,
        closureRate: 0.5,
        onTimeRate: 1,
        reworkRate: 0,
        returnRate: 0.5,
        satisfactionRate: 1,
        urgentOnTimeRate: null,
      }),
    );
    expect(items.filter((i: { received: number }) => i.received > 0).map((i: { code: string }) => i.code)).toEqual(['SR']);
    // The ranking is the same figures, in its older shape.
    const ranking = (await as(t, STREET).get('/api/stats/ranking?groupBy=department')).body.items;
    expect(ranking.find((i: { code: string }) => i.code === 'SR')).toMatchObject({ received: 2, closed: 1, returnRate: 0.5, satisfactionRate: 1 });
  });

  it('is scoped to the caller: a liaison its department, a neighbourhood its subtree, 403 where no unit is inside', async () => {
    const sr = (await indicators(SR, 'department')).body.items;
    expect(sr.map((i: { code: string }) => i.code)).toEqual(['SR']);
    expect((await indicators(SR, 'street')).status).toBe(403);
    expect((await indicators(HOOD, 'street')).status).toBe(403);
    expect((await indicators(HOOD, 'department')).status).toBe(403);
    const grids = (await indicators(HOOD, 'grid')).body.items.map((i: { code: string }) => i.code);
    expect(grids.length).toBeGreaterThan(1);
    expect(grids.every((c: string) => c.startsWith('XH-CQ-A1-N01-'))).toBe(true);
    expect((await indicators('insp-cq-a1-n01-g1', 'grid')).body.items.map((i: { code: string }) => i.code)).toEqual(['XH-CQ-A1-N01-G1']);
    // Another street's neighbourhood sees none of XH-CQ's work.
    expect((await indicators('street-hn', 'street')).body.items).toEqual([expect.objectContaining({ code: 'XH-HN', ...NOTHING })]);
  });

  it('reads months, quarters and years; the quarter and the year hold the month’s figures', async () => {
    const [year, q] = [month.slice(0, 4), `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`];
    for (const period of [year, q]) {
      const item = (await indicators('admin', 'street', period)).body.items[0];
      expect(item).toMatchObject({ code: 'XH-CQ', received: 6, closed: 4, rated: 3 });
    }
    expect((await indicators('admin', 'street', '2025-01')).body.items[0]).toMatchObject({ code: 'XH-CQ', ...NOTHING });
  });

  it.each([
    ['period=2026-13&groupBy=street', 'period'],
    ['period=2026-Q5&groupBy=street', 'period'],
    ['period=2026-1&groupBy=street', 'period'],
    ['groupBy=street', 'period'],
    ['period=2026-11&groupBy=city', 'groupBy'],
  ])('refuses %s naming %s (400)', async (query, field) => {
    const res = await as(t, 'admin').get(`/api/evaluation/indicators?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('a task whose clock ran out', () => {
  it('counts as closed but not on time, once its department finishes it', async () => {
    const sr = async () => (await indicators(STREET, 'department')).body.items.find((i: { code: string }) => i.code === 'SR');
    const before = await sr();
    // 0104 (SR's) with a one-second claim clock on a natural calendar.
    const base = structuredClone(demoCity.categories.find((c) => c.code === '0104')!);
    const put = await as(t, 'admin').put('/api/categories/0104', { ...base, sla: { ...base.sla, calendar: 'natural', claim: 'PT1S' } });
    expect(put.status).toBe(200);
    const c = await report(t, { categoryCode: '0104' });
    await waitFor(
      async () => (await t.sql(`SELECT 1 FROM task WHERE case_id = $1 AND late`, [c.id])).length > 0,
      15_000,
      'the claim clock to breach',
    );
    expect((await as(t, SR).post(`/api/tasks/${c.tasks[0].id}/claim`)).status).toBe(200);
    expect((await as(t, SR).post(`/api/tasks/${c.tasks[0].id}/complete`, { note: '迟到处置' })).status).toBe(200);
    const after = await sr();
    expect([after.received - before.received, after.closed - before.closed, after.closedOnTime - before.closedOnTime]).toEqual([1, 1, 0]);
  });
});
